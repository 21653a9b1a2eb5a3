import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Command, CommanderError } from 'commander';
import { keyFingerprint } from '../../ledger/signer.js';
import { buildSnapshotToFile } from '../../snapshot/builder.js';
import { buildScenario } from '../../snapshot/testing/scenario.js';
import { readAll, writeAll } from '../../snapshot/testing/zip-tools.js';
import { registerVerify, runVerify } from './verify.js';

let dir: string;
let zip: string;
let pem: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-verify-'));
  const s = await buildScenario(3, 1);
  zip = join(dir, 'snap.zip');
  await buildSnapshotToFile(s.request, s.deps, zip);
  pem = await s.deps.signer.publicKeyPem();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runVerify(
    args[0]!,
    {
      ...(args.includes('--json') ? { json: true } : {}),
      ...(args[1] && args[1] !== '--json' ? { key: args[1] } : {}),
    },
    (s) => (out += s),
    (s) => (err += s),
  );
  return { code, out, err };
}

describe('flux-evidence verify', () => {
  it('exits 0 on a good snapshot, with a pinned PEM file or fingerprint', async () => {
    const pemFile = join(dir, 'key.pem');
    writeFileSync(pemFile, pem);
    const r = await run(zip, pemFile);
    expect(r.code).toBe(0);
    expect(r.out).toContain('PASS  pinned-key');
    expect((await run(zip, keyFingerprint(pem))).code).toBe(0);
  });

  it('exits 1 naming each failed check, as text and JSON', async () => {
    const files = await readAll(zip);
    const ev = [...files.keys()].find((k) => k.startsWith('evidence/'))!;
    files.delete(ev);
    const bad = join(dir, 'bad.zip');
    await writeAll(bad, files);
    const r = await run(bad);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL {2}files-complete: missing: evidence\//);
    const j = await run(bad, '--json');
    expect(
      JSON.parse(j.out)
        .checks.filter((c: { ok: boolean }) => !c.ok)
        .map((c: { name: string }) => c.name),
    ).toContain('files-complete');
  });

  it('exits 2 for a missing file or a bad --key', async () => {
    expect((await run(join(dir, 'nope.zip'))).code).toBe(2);
    const r = await run(zip, 'not-a-key');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--key');
  });

  it('registers on a commander program and surfaces the exit code', async () => {
    const program = registerVerify(new Command('flux-evidence').exitOverride()).parent!;
    const writes: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => (writes.push(s), true)) as typeof process.stdout.write;
    try {
      await program.parseAsync(['node', 'flux-evidence', 'verify', zip, '--json']);
      const e = await program
        .parseAsync(['node', 'flux-evidence', 'verify', join(dir, 'nope.zip')])
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(CommanderError);
      expect((e as CommanderError).exitCode).toBe(2);
    } finally {
      process.stdout.write = orig;
    }
    expect(JSON.parse(writes.join('')).ok).toBe(true);
  });
});
