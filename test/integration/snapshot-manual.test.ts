import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openLocker } from '../../shared/locker/locker.js';
import { manualCheck } from '../../shared/snapshot/manual-verify.js';
import { readZip, type ZipFileRead } from '../../shared/snapshot/zip-read.js';
import { runCli } from './cli-harness.js';

let dir: string;
let config: string;
const env = { FLUX_NOW: '2026-03-01T10:00:00.000Z', NO_COLOR: '1' };
const cli = (...args: string[]) => runCli(['-c', config, ...args], env);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'snapshot-manual-'));
  config = join(dir, 'flux.config.json');
  writeFileSync(config, JSON.stringify({ locker: { path: 'locker' }, frameworks: ['soc2-2017'] }));
  writeFileSync(join(dir, 'bcp.pdf'), '%PDF-1.7 business continuity plan v4');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function zipFiles(zip: string): Promise<Map<string, ZipFileRead>> {
  const files = new Map<string, ZipFileRead>();
  await readZip(
    zip,
    () => true,
    (f) => files.set(f.path, f),
  );
  return files;
}

describe('snapshots with manual evidence', () => {
  it('archive documents, approvals and exceptions with inclusion proofs that verify, and catch a tampered statement', async () => {
    const add = await cli(
      'evidence',
      'add',
      '--control',
      'BCP-01',
      '--file',
      join(dir, 'bcp.pdf'),
      '--title',
      'Business continuity plan v4',
      '--owner',
      'Dana',
      '--valid-until',
      '2027-01-31',
      '--json',
    );
    const id = (JSON.parse(add.stdout) as { id: string }).id;
    expect((await cli('evidence', 'approve', id, '--by', 'Robin')).code).toBe(0);
    expect(
      (
        await cli(
          'exception',
          'add',
          '--control',
          'IAM-01',
          '--reason',
          'legacy',
          '--owner',
          'Carol',
          '--expires',
          '2026-09-30',
        )
      ).code,
    ).toBe(0);
    const locker = await openLocker(join(dir, 'locker'));
    await locker.ledger.checkpoint(locker.signer, new Date('2026-03-01T11:00:00.000Z'));
    locker.close();

    const zip = join(dir, 'snapshot.zip');
    const w = await cli(
      'window',
      '--framework',
      'soc2-2017',
      '--from',
      '2026-03-01',
      '--to',
      '2026-03-31',
      '--snapshot',
      zip,
    );
    expect(w.stderr).toBe('');
    const files = await zipFiles(zip);
    const paths = [...files.keys()];
    expect(paths.filter((p) => p.startsWith('manual/statements/'))).toHaveLength(3);
    expect(paths.filter((p) => p.startsWith('proofs/manual/'))).toHaveLength(3);
    expect(paths.filter((p) => p.startsWith('manual/files/'))).toEqual([
      expect.stringMatching(/^manual\/files\/[0-9a-f]{64}\.pdf$/),
    ]);
    const index = JSON.parse(files.get('manual/index.json')!.bytes!.toString('utf8')) as {
      requirements: {
        requirement: string;
        state: string;
        documents: { id: string; approvals: { by: string }[] }[];
      }[];
      exceptions: { control: string; owner: string }[];
    };
    expect(index.requirements.find((r) => r.requirement === 'CC7.5')).toMatchObject({
      documents: [{ id, approvals: [{ by: 'Robin' }] }],
    });
    expect(index.exceptions).toMatchObject([{ control: 'IAM-01', owner: 'Carol' }]);
    const report = files.get('index.html')!.bytes!.toString('utf8');
    expect(report).toContain('<h2>Manual evidence</h2>');
    expect(report).toMatch(
      /<td>CC7\.5<\/td><td class="m-[a-z]+">[a-z ]+<\/td><td><a href="manual\/files\/[0-9a-f]{64}\.pdf">Business continuity plan v4<\/a> \(owner Dana, valid until 2027-01-31; approved by Robin at 2026-03-01T10:00:00.000Z/,
    );
    expect(report).toMatch(/<td>IAM-01<\/td><td>\(all\)<\/td><td>Carol<\/td><td>legacy<\/td>/);

    // The operator's fingerprint, as `key fingerprint` prints it for the auditor (never read from the archive).
    const fp = (await cli('key', 'fingerprint')).stdout.trim();
    const verify = await runCli(['verify', zip, '--key', fp, '--json']);
    expect(verify.code).toBe(0);
    const checks = (JSON.parse(verify.stdout) as { checks: { name: string; ok: boolean; detail: string }[] })
      .checks;
    expect(checks.find((c) => c.name === 'manual-evidence')).toEqual({
      name: 'manual-evidence',
      ok: true,
      detail: '3 manual, approval and exception statements are in the log at the closing checkpoint',
    });

    const statement = `manual/statements/${id}.json`;
    const forged = Buffer.from(
      files.get(statement)!.bytes!.toString('utf8').replace('2027-01-31', '2099-01-31'),
    );
    const tampered = new Map(files).set(statement, { ...files.get(statement)!, bytes: forged });
    const bad = manualCheck(tampered, { treeSize: 3, rootHash: '00'.repeat(32) });
    expect(bad.ok).toBe(false);
    expect(bad.detail).toContain(`${statement}: does not hash to its name`);
    const docPath = paths.find((p) => p.startsWith('manual/files/'))!;
    const swapped = new Map(files).set(docPath, { ...files.get(docPath)!, bytes: Buffer.from('%PDF other') });
    const checkpoint = JSON.parse(files.get('checkpoint.json')!.bytes!.toString('utf8')) as {
      checkpoint: { treeSize: number; rootHash: string };
    };
    expect(manualCheck(files, checkpoint.checkpoint).ok).toBe(true);
    expect(manualCheck(swapped, checkpoint.checkpoint).detail).toMatch(
      /does not match the statement's SHA-256 and size/,
    );
  });
});
