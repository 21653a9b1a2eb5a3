import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { keyFingerprint } from '../ledger/fingerprint.js';
import { LocalSigner } from '../ledger/signer.js';
import { buildSnapshotToFile } from './builder.js';
import { buildScenario, type Scenario } from './testing/scenario.js';
import { readAll, resign, writeAll } from './testing/zip-tools.js';

// VERIFY.md's code blocks, run as written under dash and bash with only unzip, sha256sum, openssl and POSIX tools.
let dir: string;
let s: Scenario;
let files: Map<string, Buffer>;
let fp: string;
let recipe: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'snap-recipe-'));
  s = await buildScenario(7, 1);
  const zip = join(dir, 'good.zip');
  await buildSnapshotToFile(s.request, s.deps, zip);
  files = await readAll(zip);
  fp = keyFingerprint(await s.deps.signer.publicKeyPem());
  const md = files.get('VERIFY.md')!.toString('utf8');
  recipe = [...md.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]).join('\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** Runs the recipe on `archive` in a fresh directory; returns its exit status and stderr. */
async function runRecipe(archive: Map<string, Buffer>, shell = 'dash', key = fp) {
  const work = mkdtempSync(join(dir, 'run-'));
  const zip = join(work, `snap-${n++}.zip`);
  await writeAll(zip, archive);
  writeFileSync(join(work, 'verify.sh'), recipe);
  const r = spawnSync(shell, ['verify.sh'], {
    cwd: work,
    env: { PATH: process.env.PATH, SNAP: zip, FP: key },
    encoding: 'utf8',
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

const copy = (): Map<string, Buffer> => new Map([...files].map(([k, v]) => [k, Buffer.from(v)]));
const flip = (b: Buffer) => void (b[30] = b[30]! ^ 1);
const evidence = () => [...files.keys()].filter((p) => p.startsWith('evidence/')).sort();

describe('VERIFY.md recipe', () => {
  it('uses no xxd, no python and takes the fingerprint from the auditor only', () => {
    expect(recipe).not.toMatch(/\bxxd\b|python|perl/);
    expect(recipe).not.toContain(fp);
    expect(files.get('VERIFY.md')!.toString()).not.toContain(fp);
  });

  it.each(['dash', 'bash'])('passes every step on a good snapshot under %s', async (shell) => {
    const r = await runRecipe(files, shell);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    for (const step of ['key: OK', 'manifest: OK', 'files: OK', 'evidence names: OK', 'checkpoint.json: OK'])
      expect(r.out).toContain(step);
    expect(r.out).toMatch(/start-checkpoint.json: OK \(log flux-evidence\/test-log, tree size 3,/);
    expect(r.out).toMatch(/inclusion of [0-9a-f]{64}: OK/);
    expect(r.out).toContain('consistency 3 -> 16: OK');
  });

  it('fails when two evidence files or two population CSVs swap paths', async () => {
    const [a, b] = evidence();
    const f = copy();
    f.set(a!, files.get(b!)!);
    f.set(b!, files.get(a!)!);
    const r = await runRecipe(f);
    expect(r.status).toBe(1);
    expect(r.err).toContain('FAIL: a file does not match the hash the manifest gives its path');
    const g = copy();
    g.set('populations/IAM-01.csv', files.get('populations/LOG-01.csv')!);
    g.set('populations/LOG-01.csv', files.get('populations/IAM-01.csv')!);
    expect((await runRecipe(g)).status).toBe(1);
  });

  it('fails on a flipped byte', async () => {
    const f = copy();
    flip(f.get(evidence()[0]!)!);
    const r = await runRecipe(f);
    expect(r.status).toBe(1);
    expect(r.err).toContain('FAIL: a file does not match');
  });

  it('fails on a replaced checkpoint, even one signed with the real key in a manifest it re-signed', async () => {
    const later = await s.deps.ledger.checkpoint(s.deps.signer, new Date('2026-02-01T00:00:00.000Z'));
    await s.deps.ledger.append({
      sha256: 'ab'.repeat(32),
      key: 'k',
      collector: 'c',
      scope: 's',
      observedAt: '2026-02-02T00:00:00.000Z',
      collectedAt: '2026-02-02T00:00:00.000Z',
    });
    const other = await s.deps.ledger.checkpoint(s.deps.signer, new Date('2026-02-03T00:00:00.000Z'));
    expect(other.checkpoint.treeSize).toBe(later.checkpoint.treeSize + 1);
    const f = copy();
    f.set('checkpoint.json', Buffer.from(JSON.stringify(other, null, 2) + '\n'));
    expect((await runRecipe(f)).status).toBe(1); // the manifest names the old checkpoint.json
    await resign(f, s.deps.signer, (m) => ({ ...m, checkpoint: other }));
    const r = await runRecipe(f);
    expect(r.status).toBe(1);
    expect(r.out).toContain('checkpoint.json: OK'); // really signed, and still caught by the proofs
    expect(r.err).toMatch(/FAIL: proofs\/inclusion\/[0-9a-f]{64}\.json is for tree size 16, not 17/);
  });

  it('fails on a manifest re-signed with a new key, with or without the public key swapped in', async () => {
    const forger = LocalSigner.generate();
    const f = copy();
    flip(f.get(evidence()[0]!)!);
    await resign(f, forger);
    const kept = await runRecipe(f);
    expect(kept.status).toBe(1);
    expect(kept.err).toContain('FAIL: manifest.sig');
    f.set('public-key.pem', Buffer.from(await forger.publicKeyPem()));
    await resign(f, forger);
    const swapped = await runRecipe(f);
    expect(swapped.status).toBe(1);
    expect(swapped.err).toMatch(
      /FAIL: public-key.pem has fingerprint [0-9a-f]{64}, not the one you were given/,
    );
  });

  it('fails on an altered consistency proof, even re-signed by the key holder', async () => {
    const f = copy();
    const c = JSON.parse(f.get('proofs/consistency.json')!.toString()) as { proof: string[] };
    c.proof[0] = 'cd'.repeat(32);
    f.set('proofs/consistency.json', Buffer.from(JSON.stringify(c, null, 2) + '\n'));
    await resign(f, s.deps.signer);
    const r = await runRecipe(f);
    expect(r.status).toBe(1);
    expect(r.err).toContain('FAIL: proofs/consistency.json: the log was not append-only');
  });

  it('fails when the auditor gives no fingerprint', async () => {
    const r = await runRecipe(files, 'dash', '');
    expect(r.status).toBe(1);
    expect(r.err).toContain('FAIL: set FP');
  });
});
