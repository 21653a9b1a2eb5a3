import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { canonicalBytes, sha256Hex } from '../evidence/canonical.js';
import { LocalSigner, keyFingerprint } from '../ledger/signer.js';
import { MemoryLedger } from './testing/memory.js';
import { buildSnapshotToFile } from './builder.js';
import { buildScenario, makeArtifact, type Scenario } from './testing/scenario.js';
import { readAll, resign, writeAll } from './testing/zip-tools.js';
import { verifySnapshot } from './verify.js';

let dir: string;
let good: string;
let scenario: Scenario;
let files: Map<string, Buffer>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'snap-verify-'));
  scenario = await buildScenario(7, 2);
  good = join(dir, 'good.zip');
  await buildSnapshotToFile(scenario.request, scenario.deps, good);
  files = await readAll(good);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const failed = (r: { checks: readonly { name: string; ok: boolean }[] }) =>
  r.checks.filter((c) => !c.ok).map((c) => c.name);
const evidencePaths = () => [...files.keys()].filter((p) => p.startsWith('evidence/')).sort();

async function tampered(
  name: string,
  edit: (f: Map<string, Buffer>) => void | Promise<void>,
): Promise<string> {
  const copy = new Map([...files].map(([k, v]) => [k, Buffer.from(v)]));
  await edit(copy);
  const path = join(dir, `${name}.zip`);
  await writeAll(path, copy);
  return path;
}

describe('verifySnapshot', () => {
  it('passes every check on a freshly built snapshot', async () => {
    const r = await verifySnapshot(good);
    expect(failed(r)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'manifest-signature',
        'checkpoint-signature',
        'file-hashes',
        'files-complete',
        'inclusion-proofs',
        'consistency-proof',
      ]),
    );
  });

  it('accepts the right pinned key as PEM or fingerprint, and names a wrong fingerprint', async () => {
    const pem = await scenario.deps.signer.publicKeyPem();
    expect((await verifySnapshot(good, { pinnedKey: pem })).ok).toBe(true);
    expect((await verifySnapshot(good, { pinnedKey: keyFingerprint(pem).toUpperCase() })).ok).toBe(true);
    const wrong = await verifySnapshot(good, {
      pinnedKey: keyFingerprint(await LocalSigner.generate().publicKeyPem()),
    });
    expect(failed(wrong)).toEqual(['pinned-key']);
  });

  it('detects a flipped byte in an artifact', async () => {
    const path = await tampered('flip', (f) => {
      const p = evidencePaths()[0]!;
      const b = f.get(p)!;
      b[20] = b[20]! ^ 0x01;
    });
    expect(failed(await verifySnapshot(path))).toEqual(
      expect.arrayContaining(['file-hashes', 'evidence-names', 'inclusion-proofs']),
    );
  });

  it('detects a removed file and an added file', async () => {
    const removed = await tampered('removed', (f) => void f.delete(evidencePaths()[1]!));
    const r1 = await verifySnapshot(removed);
    expect(failed(r1)).toEqual(expect.arrayContaining(['files-complete', 'results-evidence']));
    expect(r1.checks.find((c) => c.name === 'files-complete')!.detail).toContain(
      `missing: ${evidencePaths()[1]}`,
    );
    const added = await tampered(
      'added',
      (f) => void f.set('evidence/extra/note.txt', Buffer.from('trust me')),
    );
    const r2 = await verifySnapshot(added);
    expect(failed(r2)).toEqual(['files-complete']);
    expect(r2.checks.find((c) => c.name === 'files-complete')!.detail).toContain(
      'not in manifest: evidence/extra/note.txt',
    );
  });

  it('detects an artifact swapped for another valid artifact', async () => {
    const other = makeArtifact('aws-iam-credential-report', '2026-01-03T06:00:00.000Z', 9999);
    const path = await tampered('swap', (f) => void f.set(evidencePaths()[0]!, other.bytes));
    const r = await verifySnapshot(path);
    expect(failed(r)).toEqual(expect.arrayContaining(['file-hashes', 'inclusion-proofs']));
    expect(r.checks.find((c) => c.name === 'file-hashes')!.detail).toContain(evidencePaths()[0]!);
  });

  it('detects a manifest edited and re-hashed without the key', async () => {
    const path = await tampered('edited', async (f) => {
      const b = f.get(evidencePaths()[0]!)!;
      b[20] = b[20]! ^ 0x01;
      const sig = f.get('manifest.sig')!;
      const statement = f.get('manifest.statement.json')!;
      await resign(f, LocalSigner.generate());
      f.set('manifest.sig', sig); // the attacker cannot re-sign: the old signature stays
      f.set('manifest.statement.json', statement);
    });
    const r = await verifySnapshot(path);
    expect(failed(r)).toEqual(
      expect.arrayContaining(['manifest-signature', 'evidence-names', 'inclusion-proofs']),
    );
    expect(failed(r)).not.toContain('file-hashes');
  });

  it('detects a manifest signed with another key, even when its public key is swapped in', async () => {
    const other = LocalSigner.generate();
    const path = await tampered('other-key', async (f) => {
      f.set('public-key.pem', Buffer.from(await other.publicKeyPem()));
      await resign(f, other);
    });
    const r = await verifySnapshot(path);
    expect(failed(r)).toContain('checkpoint-signature');
    expect(r.ok).toBe(false);
    const pinned = await verifySnapshot(path, {
      pinnedKey: keyFingerprint(await scenario.deps.signer.publicKeyPem()),
    });
    expect(failed(pinned)).toEqual(expect.arrayContaining(['pinned-key', 'checkpoint-signature']));
    const keepKey = await tampered('other-key-2', (f) => resign(f, other));
    expect(failed(await verifySnapshot(keepKey))).toEqual(['manifest-signature']);
  });

  it('detects a truncated inclusion proof', async () => {
    const path = await tampered('truncated', async (f) => {
      const p = [...f.keys()].find((k) => k.startsWith('proofs/inclusion/'))!;
      const proof = JSON.parse(f.get(p)!.toString()) as { auditPath: string[] };
      proof.auditPath.pop();
      f.set(p, Buffer.from(JSON.stringify(proof)));
      await resign(f, scenario.deps.signer); // even a key holder cannot make a short proof verify
    });
    const r = await verifySnapshot(path);
    expect(failed(r)).toEqual(['inclusion-proofs']);
    expect(r.checks.find((c) => c.name === 'inclusion-proofs')!.detail).toMatch(/fewer than the path/);
  });

  it('detects a checkpoint from another log, even in a manifest re-signed by the key holder', async () => {
    const otherLog = new MemoryLedger('flux-evidence/other-log');
    for (let i = 0; i < 40; i++)
      await otherLog.append({
        sha256: sha256Hex(`x${i}`),
        key: 'k',
        collector: 'c',
        scope: 's',
        observedAt: 't',
        collectedAt: 't',
      });
    const foreign = await otherLog.checkpoint(scenario.deps.signer, new Date('2026-01-09T00:00:00.000Z'));
    const plain = await tampered(
      'foreign-cp',
      (f) => void f.set('checkpoint.json', Buffer.from(JSON.stringify(foreign))),
    );
    expect(failed(await verifySnapshot(plain))).toEqual(
      expect.arrayContaining(['file-hashes', 'checkpoint-signature', 'inclusion-proofs']),
    );
    const resigned = await tampered('foreign-cp-2', async (f) => {
      f.set('checkpoint.json', Buffer.from(JSON.stringify(foreign)));
      await resign(f, scenario.deps.signer, (m) => ({ ...m, checkpoint: foreign }));
    });
    expect(failed(await verifySnapshot(resigned))).toEqual(
      expect.arrayContaining(['checkpoint-signature', 'inclusion-proofs', 'consistency-proof']),
    );
  });

  it('reports an unreadable archive as a failed check', async () => {
    const path = join(dir, 'junk.zip');
    await writeAll(path, new Map());
    execFileSync('truncate', ['-s', '10', path]);
    const r = await verifySnapshot(path);
    expect(r.ok).toBe(false);
    expect(failed(r)).toEqual(['archive']);
  });

  it('refuses unread an archive whose manifest lists far more bytes than the zip could hold', async () => {
    const path = await tampered('ratio', (f) =>
      resign(f, scenario.deps.signer, (m) => ({
        ...m,
        files: m.files.map((x, i) => (i === 0 ? { ...x, size: 50 * 1024 ** 3 } : x)),
      })),
    );
    const r = await verifySnapshot(path);
    expect(failed(r)).toEqual(['archive']);
    expect(r.checks[0]!.detail).toMatch(/more than 100:1: refused unread/);
  });

  it('says what is wrong with an unreadable key, never an OpenSSL or V8 message', async () => {
    const path = await tampered('bad-pem', async (f) => {
      f.set('public-key.pem', Buffer.from('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'));
      await resign(f, scenario.deps.signer);
    });
    const r = await verifySnapshot(path);
    expect(r.checks.find((c) => c.name === 'manifest-signature')!.detail).toBe(
      'public-key.pem is not a readable public key',
    );
    for (const c of r.checks)
      expect(c.detail).not.toMatch(/error:|DECODER|routines|ERR_|Invalid string length/);
  });

  it('keeps evidence canonical: the archived bytes re-canonicalize to themselves', () => {
    for (const p of evidencePaths())
      expect(canonicalBytes(JSON.parse(files.get(p)!.toString())).equals(files.get(p)!)).toBe(true);
  });
});
