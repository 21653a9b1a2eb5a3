import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Command, CommanderError } from 'commander';
import { LocalSigner, keyFingerprint } from '../../ledger/signer.js';
import { buildSnapshotToFile } from '../../snapshot/builder.js';
import { buildScenario } from '../../snapshot/testing/scenario.js';
import { readAll, writeAll } from '../../snapshot/testing/zip-tools.js';
import { registerVerify, runVerify, type VerifyCliOptions } from './verify.js';

let dir: string;
let zip: string;
let pem: string;
let fp: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-verify-'));
  const s = await buildScenario(3, 1);
  zip = join(dir, 'snap.zip');
  await buildSnapshotToFile(s.request, s.deps, zip);
  pem = await s.deps.signer.publicKeyPem();
  fp = keyFingerprint(pem);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(
  path: string,
  opts: VerifyCliOptions,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runVerify(
    path,
    opts,
    (s) => (out += s),
    (s) => (err += s),
  );
  return { code, out, err };
}

describe('flux-evidence verify', () => {
  it('exits 0 on a good snapshot with a pinned PEM file, a fingerprint or a trust file', async () => {
    const pemFile = join(dir, 'key.pem');
    writeFileSync(pemFile, pem);
    const r = await run(zip, { key: pemFile });
    expect(r.code).toBe(0);
    expect(r.out).toContain('PASS  pinned-key');
    expect(r.out.trim().split('\n').at(-1)).toMatch(/all \d+ checks hold$/);
    expect((await run(zip, { key: fp })).code).toBe(0);
    const trust = join(dir, 'trust.txt');
    writeFileSync(trust, `# old key\n${keyFingerprint(await LocalSigner.generate().publicKeyPem())}\n${pem}`);
    expect((await run(zip, { trust })).code).toBe(0);
  });

  it('refuses to run without a trust anchor (exit 2), explaining why', async () => {
    const r = await run(zip, {});
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/--key <sha256 fingerprint\|key\.pem> or --trust <file>/);
    expect(r.err).toContain('out of band');
    expect(r.err).toContain('key fingerprint');
  });

  it('with --insecure-unpinned checks integrity only and says so first and last, and in JSON', async () => {
    const r = await run(zip, { insecureUnpinned: true });
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^UNPINNED: integrity only, origin unproven/);
    expect(lines.at(-1)).toMatch(/^UNPINNED: integrity only, origin unproven/);
    expect(r.out).not.toMatch(/all \d+ checks hold/);
    const j = JSON.parse((await run(zip, { insecureUnpinned: true, json: true })).out);
    expect(j.origin).toBe('unpinned');
    expect(JSON.parse((await run(zip, { key: fp, json: true })).out).origin).toBe('pinned');
  });

  it('fails a forgery signed with another key when pinned, whatever the archive says', async () => {
    const r = await run(zip, { key: keyFingerprint(await LocalSigner.generate().publicKeyPem()) });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /FAIL {2}pinned-key: public-key.pem has fingerprint [0-9a-f]{64}, not one you supplied/,
    );
  });

  it('exits 1 naming each failed check, as text and JSON', async () => {
    const files = await readAll(zip);
    const ev = [...files.keys()].find((k) => k.startsWith('evidence/'))!;
    files.delete(ev);
    const bad = join(dir, 'bad.zip');
    await writeAll(bad, files);
    const r = await run(bad, { key: fp });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL {2}files-complete: missing: evidence\//);
    const j = await run(bad, { key: fp, json: true });
    expect(
      JSON.parse(j.out)
        .checks.filter((c: { ok: boolean }) => !c.ok)
        .map((c: { name: string }) => c.name),
    ).toContain('files-complete');
  });

  it('exits 2 with a specific message for a missing file, a directory, a bad --key, --trust or --since', async () => {
    expect((await run(join(dir, 'nope.zip'), { key: fp })).err).toContain('no such file');
    const d = await run(dir, { key: fp });
    expect(d.code).toBe(2);
    expect(d.err).toContain('is a directory; give the snapshot .zip file itself');
    const k = await run(zip, { key: 'not-a-key' });
    expect(k.code).toBe(2);
    expect(k.err).toContain('--key: expected a public key PEM or a 64-hex-digit SHA-256 fingerprint');
    const t = join(dir, 'empty-trust.txt');
    writeFileSync(t, '# nothing\n');
    expect((await run(zip, { trust: t })).err).toContain('lists no key');
    writeFileSync(t, 'zz\n');
    expect((await run(zip, { trust: t })).err).toContain('entry 1');
    expect((await run(zip, { key: fp, since: join(dir, 'nope.json') })).err).toContain(
      '--since: ' + join(dir, 'nope.json') + ' is not a readable checkpoint JSON file',
    );
  });

  it('registers on a commander program and surfaces the exit code', async () => {
    const program = registerVerify(new Command('flux-evidence').exitOverride()).parent!;
    const writes: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    const origErr = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((s: string) => (writes.push(s), true)) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      await program.parseAsync(['node', 'flux-evidence', 'verify', zip, '--key', fp, '--json']);
      const e = await program.parseAsync(['node', 'flux-evidence', 'verify', zip]).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(CommanderError);
      expect((e as CommanderError).exitCode).toBe(2);
    } finally {
      process.stdout.write = orig;
      process.stderr.write = origErr;
    }
    expect(JSON.parse(writes.join('')).ok).toBe(true);
  });
});
