import { generateKeyPairSync } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import yazl from 'yazl';
import { ValidationError } from '../errors.js';
import { sha256Hex } from '../evidence/canonical.js';
import { LocalSigner, keyFingerprint } from '../ledger/signer.js';
import type { SignedCheckpoint } from '../ledger/types.js';
import { buildSnapshotToFile } from './builder.js';
import { POPULATION_PATH } from './log-population.js';
import { parseManifest, type Manifest } from './manifest.js';
import { buildScenario, type Scenario } from './testing/scenario.js';
import { readAll, resign, writeAll } from './testing/zip-tools.js';
import { pinnedFingerprint, verifySnapshot, type VerifyResult } from './verify.js';

// What an auditor relies on, tampering by tampering: each is reported by the right check with the right problem, and
// the untouched snapshot passes with details that say what was checked.
let dir: string;
let s: Scenario;
let good: string;
let files: Map<string, Buffer>;
let manifest: Manifest;
let fp: string;
let n = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'snap-tamper-'));
  s = await buildScenario(3, 1);
  good = join(dir, 'good.zip');
  await buildSnapshotToFile(s.request, s.deps, good);
  files = await readAll(good);
  manifest = parseManifest(JSON.parse(files.get('manifest.json')!.toString()));
  fp = keyFingerprint(await s.deps.signer.publicKeyPem());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const failed = (r: VerifyResult) => r.checks.filter((c) => !c.ok).map((c) => c.name);
const detail = (r: VerifyResult, name: string) => r.checks.find((c) => c.name === name)?.detail;
const evidence = () => manifest.files.map((f) => f.path).filter((p) => p.startsWith('evidence/'));
const cp = (name: string) => JSON.parse(files.get(name)!.toString()) as SignedCheckpoint;

/** Verifies a copy of the snapshot after `edit` (re-signed with the real key when `resigned`). */
async function verifyEdited(
  edit: (f: Map<string, Buffer>) => void,
  opts: { resigned?: (m: Manifest) => Manifest } = {},
): Promise<VerifyResult> {
  const copy = new Map([...files].map(([k, v]) => [k, Buffer.from(v)]));
  edit(copy);
  if (opts.resigned) await resign(copy, s.deps.signer, opts.resigned);
  const path = join(dir, `t${n++}.zip`);
  await writeAll(path, copy);
  return verifySnapshot(path);
}

describe('a valid snapshot', () => {
  it('passes, and each check says what it verified', async () => {
    const r = await verifySnapshot(good);
    expect(r.ok).toBe(true);
    expect(r.origin).toBe('unpinned');
    const listed = manifest.files.length;
    const ev = evidence().length;
    const { checkpoint: closing } = cp('checkpoint.json');
    const { checkpoint: start } = cp('start-checkpoint.json');
    expect(r.checks.slice(0, 10)).toEqual([
      { name: 'archive', ok: true, detail: `zip readable, ${files.size} files read` },
      {
        name: 'manifest',
        ok: true,
        detail: `${listed} files listed, framework soc2-2017, window 2026-01-01 to 2026-01-03`,
      },
      { name: 'manifest-signature', ok: true, detail: `manifest statement signed by key ${fp}` },
      {
        name: 'checkpoint-signature',
        ok: true,
        detail: `log ${closing.origin}, tree size ${closing.treeSize}, start tree size ${start.treeSize}`,
      },
      { name: 'file-hashes', ok: true, detail: `${listed} files match the manifest` },
      { name: 'files-complete', ok: true, detail: 'no file missing or extra' },
      { name: 'sha256sums', ok: true, detail: 'SHA256SUMS matches manifest.json' },
      { name: 'evidence-names', ok: true, detail: `${ev} evidence files hash to their names` },
      { name: 'evidence-canonical', ok: true, detail: `${ev} evidence files are canonical JSON` },
      {
        name: 'inclusion-proofs',
        ok: true,
        detail: `${ev} artifacts are in the log at the closing checkpoint`,
      },
    ]);
    expect(r.checks.map((c) => c.name).slice(10)).toEqual([
      'consistency-proof',
      'window-checkpoints',
      'population',
      'samples',
      'manual-evidence',
      'results-evidence',
    ]);
    expect(r.population?.leaves).toBeGreaterThan(0);
    expect(r.samplesOperatorChosen).toBe(true);
  });

  it('is pinned by a trusted key among others, and names the supplied keys when none matches', async () => {
    const other = keyFingerprint(await LocalSigner.generate().publicKeyPem());
    const r = await verifySnapshot(good, { trustedKeys: [other, fp.toUpperCase()] });
    expect(r.ok).toBe(true);
    expect(r.origin).toBe('pinned');
    expect(detail(r, 'pinned-key')).toBe(`key matches your fingerprint ${fp}`);
    const wrong = await verifySnapshot(good, { pinnedKey: other, trustedKeys: [other] });
    expect(failed(wrong)).toEqual(['pinned-key']);
    expect(wrong.origin).toBe('pinned');
    expect(detail(wrong, 'pinned-key')).toBe(
      `public-key.pem has fingerprint ${fp}, not one you supplied (${other}, ${other})`,
    );
  });

  it('refuses a malformed pinned key, and reads one in every accepted spelling', async () => {
    await expect(verifySnapshot(good, { pinnedKey: 'not a key' })).rejects.toThrow(ValidationError);
    const pem = await s.deps.signer.publicKeyPem();
    const colons = fp.toUpperCase().match(/../g)!.join(':');
    for (const k of [pem, `  ${pem}  `, fp, ` ${fp}\n`, `sha256:${fp}`, `SHA256:${colons}`, colons])
      expect(pinnedFingerprint(k)).toBe(fp);
    for (const k of [fp.slice(1), `${fp}0`, `x${fp}`, `${fp.slice(1)}g`, `md5:${fp}`, `${fp}sha256:`])
      expect(() => pinnedFingerprint(k)).toThrow(
        /pinned key is invalid:\n {2}- expected a public key PEM or a 64-hex-digit SHA-256 fingerprint/,
      );
    expect(() => pinnedFingerprint('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).toThrow(
      'pinned key is invalid:\n  - not a readable public key PEM',
    );
  });
});

describe('a tampered snapshot', () => {
  it('a duplicate zip entry stops verification at the archive check', async () => {
    const target = evidence()[0]!;
    const zip = new yazl.ZipFile();
    for (const [p, b] of files) zip.addBuffer(b, p);
    zip.addBuffer(Buffer.from('{"forged":true}'), target);
    zip.end();
    const path = join(dir, 'duplicate.zip');
    await pipeline(zip.outputStream, createWriteStream(path));
    const r = await verifySnapshot(path);
    expect(r.ok).toBe(false);
    expect(r.checks).toEqual([{ name: 'archive', ok: false, detail: `duplicate entry ${target}` }]);
  });

  it('a missing, malformed or non-canonical manifest is named', async () => {
    const gone = await verifyEdited((f) => void f.delete('manifest.json'));
    expect(gone.checks).toEqual([
      { name: 'archive', ok: true, detail: 'zip readable, 2 files read' },
      { name: 'manifest', ok: false, detail: 'manifest.json is missing or larger than the limit' },
    ]);
    const bad = await verifyEdited((f) => {
      const m = JSON.parse(f.get('manifest.json')!.toString());
      f.set('manifest.json', Buffer.from(JSON.stringify({ ...m, framework: '' })));
    });
    expect(failed(bad)).toEqual(['manifest']);
    expect(detail(bad, 'manifest')).toMatch(/framework: /);
    const pretty = await verifyEdited((f) => {
      f.set(
        'manifest.json',
        Buffer.from(JSON.stringify(JSON.parse(f.get('manifest.json')!.toString()), null, 2)),
      );
    });
    expect(detail(pretty, 'manifest')).toBe('manifest.json is not canonical JSON');
  });

  it('a missing or mismatched statement, signature or key fails the manifest signature', async () => {
    const sig = (edit: (f: Map<string, Buffer>) => void) =>
      verifyEdited(edit).then((r) => [failed(r), detail(r, 'manifest-signature')]);
    expect(await sig((f) => void f.delete('public-key.pem'))).toEqual([
      expect.arrayContaining(['manifest-signature', 'checkpoint-signature', 'files-complete']),
      'public-key.pem is missing',
    ]);
    for (const p of ['manifest.statement.json', 'manifest.sig'])
      expect(await sig((f) => void f.delete(p))).toEqual([
        ['manifest-signature', 'files-complete'],
        'manifest.statement.json or manifest.sig is missing',
      ]);
    expect(
      await sig(
        (f) => void f.set('manifest.statement.json', Buffer.from(`${f.get('manifest.statement.json')} `)),
      ),
    ).toEqual([['manifest-signature'], "manifest.statement.json does not name manifest.json's SHA-256"]);
    const bad = 'manifest.sig does not verify over manifest.statement.json with public-key.pem';
    expect(await sig((f) => void f.set('manifest.sig', Buffer.from('not a DER signature')))).toEqual([
      ['manifest-signature'],
      bad,
    ]);
    expect(
      await sig((f) => {
        const b = f.get('manifest.sig')!;
        b[b.length - 1] = b[b.length - 1]! ^ 0x01;
      }),
    ).toEqual([['manifest-signature'], bad]);
    const pinned = await verifySnapshot(
      await (async () => {
        const copy = new Map(files);
        copy.delete('public-key.pem');
        const path = join(dir, 'no-key.zip');
        await writeAll(path, copy);
        return path;
      })(),
      { pinnedKey: fp },
    );
    expect(detail(pinned, 'pinned-key')).toBe(
      `public-key.pem has fingerprint (none), not one you supplied (${fp})`,
    );
  });

  it('a missing, unreadable or substituted checkpoint file fails the checkpoint signature', async () => {
    const check = (edit: (f: Map<string, Buffer>) => void) =>
      verifyEdited(edit, { resigned: (m) => m }).then((r) => [failed(r), detail(r, 'checkpoint-signature')]);
    expect(await check((f) => void f.delete('checkpoint.json'))).toEqual([
      expect.arrayContaining(['checkpoint-signature', 'inclusion-proofs', 'consistency-proof']),
      'checkpoint.json is missing',
    ]);
    expect((await check((f) => void f.set('checkpoint.json', Buffer.from('{"checkpoint":'))))[1]).toBe(
      'checkpoint.json is not valid JSON',
    );
    // a validly signed checkpoint of the same log, but not the one the manifest names
    const swapped = await check((f) => {
      f.set('checkpoint.json', f.get('start-checkpoint.json')!);
    });
    expect(swapped[1]).toBe('checkpoint.json differs from the checkpoint in manifest.json');
    expect(swapped[0]).toContain('checkpoint-signature');
    expect(
      await check((f) => {
        f.set('start-checkpoint.json', f.get('checkpoint.json')!);
      }),
    ).toEqual([
      ['checkpoint-signature'],
      'start-checkpoint.json differs from the start checkpoint in manifest.json',
    ]);
    expect((await check((f) => void f.delete('start-checkpoint.json')))[1]).toBe(
      'start-checkpoint.json is missing',
    );
  });

  it('a start checkpoint from another log is refused, even in a manifest the key holder re-signed', async () => {
    const start = cp('start-checkpoint.json');
    const r = await verifyEdited(() => undefined, {
      resigned: (m) => ({
        ...m,
        startCheckpoint: { ...start, checkpoint: { ...start.checkpoint, origin: 'flux-evidence/other-log' } },
      }),
    });
    expect(failed(r)).toContain('checkpoint-signature');
    expect(detail(r, 'checkpoint-signature')).toMatch(/other-log/);
  });

  it('a changed byte is named with both hashes and sizes', async () => {
    const p = evidence()[0]!;
    const listed = manifest.files.find((f) => f.path === p)!;
    let changed: Buffer = Buffer.alloc(0);
    const r = await verifyEdited((f) => {
      changed = f.get(p)!;
      changed[30] = changed[30]! ^ 0x01;
    });
    expect(detail(r, 'file-hashes')).toBe(
      `${p}: sha256 ${sha256Hex(changed)} size ${listed.size}, manifest says ${listed.sha256} size ${listed.size}`,
    );
    expect(failed(r)).toEqual(
      expect.arrayContaining(['file-hashes', 'evidence-names', 'inclusion-proofs', 'results-evidence']),
    );
    expect(r.ok).toBe(false);
  });

  it('a file longer than its listed size is refused unread, not reported missing', async () => {
    const p = 'index.html';
    const size = manifest.files.find((f) => f.path === p)!.size;
    const r = await verifyEdited(
      (f) => void f.set(p, Buffer.concat([f.get(p)!, Buffer.from('<!-- more -->')])),
    );
    expect(failed(r)).toEqual(['file-hashes']);
    expect(detail(r, 'file-hashes')).toBe(
      `${p}: cannot be read as ${size} bytes (the size the manifest lists)`,
    );
  });

  it('missing files are named, the first 20, then counted', async () => {
    const listed = manifest.files.map((f) => f.path);
    expect(listed.length).toBeGreaterThan(22);
    const r = await verifyEdited((f) => {
      for (const p of listed.slice(0, 22)) f.delete(p);
    });
    const complete = detail(r, 'files-complete')!;
    // 19 named and the count: the count is never folded into "and N more"
    expect(complete).toBe(
      [...listed.slice(0, 19).map((p) => `missing: ${p}`), '3 more files missing'].join('; '),
    );
    const one = await verifyEdited((f) => void f.delete('SHA256SUMS'));
    expect(failed(one)).toEqual(['files-complete', 'sha256sums']);
    expect(detail(one, 'files-complete')).toBe('missing: SHA256SUMS');
    expect(detail(one, 'sha256sums')).toBe('SHA256SUMS does not match manifest.json');
  });

  it('a changed SHA256SUMS is refused', async () => {
    const r = await verifyEdited((f) => {
      const sums = f.get('SHA256SUMS')!.toString();
      f.set('SHA256SUMS', Buffer.from(sums.split('\n').slice(1).join('\n')));
    });
    expect(failed(r)).toEqual(['sha256sums']);
  });

  it('an evidence file rewritten in another JSON form is named, even in a manifest the key holder re-signed', async () => {
    const p = evidence()[0]!;
    const r = await verifyEdited(
      (f) => void f.set(p, Buffer.from(JSON.stringify(JSON.parse(f.get(p)!.toString()), null, 1))),
      { resigned: (m) => m },
    );
    expect(failed(r)).toEqual(expect.arrayContaining(['evidence-names', 'evidence-canonical']));
    expect(failed(r)).not.toContain('file-hashes');
    expect(detail(r, 'evidence-canonical')).toBe(`${p} is not RFC 8785 canonical JSON`);
    expect(detail(r, 'evidence-names')).toMatch(
      new RegExp(`^${p.replace(/[.]/g, '\\.')} hashes to [0-9a-f]{64}$`),
    );
  });

  it('an added file is named, and fails only the completeness check', async () => {
    const r = await verifyEdited((f) => void f.set('evidence/extra/note.txt', Buffer.from('trust me')));
    expect(failed(r)).toEqual(['files-complete']);
    expect(detail(r, 'files-complete')).toBe('not in manifest: evidence/extra/note.txt');
  });

  it('a public key of another type fails the manifest signature instead of throwing', async () => {
    const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const r = await verifyEdited((f) => void f.set('public-key.pem', Buffer.from(ed)), {
      resigned: (m) => m,
    });
    expect(detail(r, 'manifest-signature')).toBe(
      'manifest.sig does not verify over manifest.statement.json with public-key.pem',
    );
  });

  it('an unreadable public key is named plainly', async () => {
    const pem = Buffer.from('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n');
    const r = await verifyEdited((f) => void f.set('public-key.pem', pem), { resigned: (m) => m });
    expect(detail(r, 'manifest-signature')).toBe('public-key.pem is not a readable public key');
    expect(failed(r)).toContain('checkpoint-signature');
  });

  it('a snapshot re-signed with another key fails the checkpoints, and the pinned key', async () => {
    const other = LocalSigner.generate();
    const copy = new Map([...files].map(([k, v]) => [k, Buffer.from(v)]));
    copy.set('public-key.pem', Buffer.from(await other.publicKeyPem()));
    await resign(copy, other);
    const path = join(dir, 'other-key.zip');
    await writeAll(path, copy);
    const r = await verifySnapshot(path);
    expect(detail(r, 'manifest-signature')).toBe(
      `manifest statement signed by key ${keyFingerprint(await other.publicKeyPem())}`,
    );
    expect(failed(r)).toContain('checkpoint-signature');
    expect(failed(await verifySnapshot(path, { pinnedKey: fp }))).toEqual(
      expect.arrayContaining(['pinned-key', 'checkpoint-signature']),
    );
  });

  it('reports population counts only when the population list verifies', async () => {
    expect((await verifySnapshot(good)).population).toBeDefined();
    const r = await verifyEdited(
      (f) => {
        const pop = JSON.parse(f.get(POPULATION_PATH)!.toString()) as { leaves: unknown[] };
        f.set(POPULATION_PATH, Buffer.from(JSON.stringify({ ...pop, leaves: pop.leaves.slice(1) })));
      },
      { resigned: (m) => m },
    );
    expect(failed(r)).toEqual(['population']);
    expect(r.population).toBeUndefined();
    expect('population' in r).toBe(false);
  });

  it('says who chose the samples only when the samples verify', async () => {
    const r = await verifySnapshot(good, { auditorNonce: 'auditor-nonce-0001' });
    expect(failed(r)).toEqual(['samples']);
    expect(detail(r, 'samples')).toContain('not yours');
    expect('samplesOperatorChosen' in r).toBe(false);
  });

  it('checks the log from a kept checkpoint only when one is given', async () => {
    const r = await verifySnapshot(good, { since: cp('checkpoint.json') });
    expect(r.ok).toBe(true);
    expect(r.checks.map((c) => c.name)).toContain('since-checkpoint');
    const bad = await verifySnapshot(good, { since: { nope: true } });
    expect(failed(bad)).toEqual(['since-checkpoint']);
  });
});
