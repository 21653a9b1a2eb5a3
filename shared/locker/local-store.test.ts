import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { IntegrityError, NotFoundError, ValidationError } from '../errors.js';
import { sealEnvelope } from '../evidence/artifact.js';
import { ENVELOPE_SCHEMA, type Envelope } from '../evidence/envelope.js';
import { describeEvidenceStoreContract } from '../../test/contracts/evidence-store.contract.js';
import { LocalEvidenceStore } from './local-store.js';

describeEvidenceStoreContract('local locker directory', async () => {
  const root = await mkdtemp(join(tmpdir(), 'flux-locker-'));
  return {
    store: new LocalEvidenceStore(root),
    smallStore: (max) => new LocalEvidenceStore(root, max),
    overwrite: async (key, bytes) => {
      await chmod(join(root, key), 0o644);
      await writeFile(join(root, key), bytes);
    },
  };
});

describe('local locker directory listing and read errors', () => {
  const envelope = (n: number, collector: string, collectedAt: string): Envelope => ({
    schema: ENVELOPE_SCHEMA,
    collector,
    collectorVersion: '1.0.0',
    scope: { account: '123456789012', region: 'global' },
    observedAt: collectedAt,
    collectedAt,
    provenance: { identity: 'arn:aws:iam::123456789012:user/test', operations: [], complete: true },
    data: { n },
    errors: [],
  });
  const all = async (keys: AsyncIterable<string>) => {
    const out: string[] = [];
    for await (const k of keys) out.push(k);
    return out;
  };

  it('lists every artifact key in order, across collectors, and skips files that are not artifacts', async () => {
    const root = await mkdtemp(join(tmpdir(), 'flux-locker-'));
    const store = new LocalEvidenceStore(root);
    // Written in both orders, so the listing cannot owe its order to the directory's.
    const a1 = await store.put(sealEnvelope(envelope(3, 'a-collector', '2026-03-01T10:00:00.000Z')));
    const b = await store.put(sealEnvelope(envelope(1, 'b-collector', '2026-03-02T10:00:00.000Z')));
    const a2 = await store.put(sealEnvelope(envelope(2, 'a-collector', '2026-03-02T10:00:00.000Z')));
    await store.put(sealEnvelope(envelope(4, 'a-collector', '2026-03-02T09:00:00.000Z')));
    await writeFile(join(root, 'evidence/a-collector/2026/03/01/notes.txt'), 'x');
    await writeFile(join(root, 'evidence/a-collector/2026/03/01/stray.json'), '{}');
    const a0 = (await all(store.list('a-collector', '2026/03/02')))[0]!;
    expect(a0).toMatch(/T09:00:00/);
    expect(await all(store.list())).toEqual([a1.key, a0, a2.key, b.key]);
    expect(await all(store.list('a-collector'))).toEqual([a1.key, a0, a2.key]);
    expect(await all(store.list('a-collector', '2026'))).toEqual([a1.key, a0, a2.key]);
    expect(await all(store.list('a-collector', '2026/03/01'))).toEqual([a1.key]);
    expect(await all(new LocalEvidenceStore(join(root, 'absent')).list())).toEqual([]);
  });

  it('refuses a day prefix without a collector or not of the form yyyy[/mm[/dd]]', async () => {
    const store = new LocalEvidenceStore(await mkdtemp(join(tmpdir(), 'flux-locker-')));
    for (const [collector, prefix] of [
      [undefined, '2026'],
      ['c', '2026/3'],
      ['c', '2026/03/01/00'],
      ['c', 'x2026'],
      ['c', '2026x'],
      ['c', '../2026'],
    ] as const) {
      const issues = await all(store.list(collector, prefix)).then(
        () => [],
        (e: unknown) => (e instanceof ValidationError ? e.issues : [String(e)]),
      );
      expect(issues).toEqual([`dayPrefix "${prefix}" needs a collector and the form yyyy[/mm[/dd]]`]);
    }
  });

  it('passes on read errors other than a missing file instead of calling them missing', async () => {
    const root = await mkdtemp(join(tmpdir(), 'flux-locker-'));
    const store = new LocalEvidenceStore(root);
    const key = `evidence/x/2026/01/01/2026-01-01T00:00:00.000Z_${'0'.repeat(64)}.json`;
    await mkdir(join(root, key), { recursive: true });
    await expect(store.get(key)).rejects.toMatchObject({ code: 'EISDIR' });
    await expect(store.getBytes(key, '0'.repeat(64))).rejects.toMatchObject({ code: 'EISDIR' });
    const fileRoot = join(root, 'plain-file');
    await writeFile(fileRoot, 'x');
    await expect(all(new LocalEvidenceStore(fileRoot).list())).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(store.get(key.replace('x/', 'y/'))).rejects.toThrow(NotFoundError);
  });

  it('names the key and the locker directory in every refusal it raises', async () => {
    const root = await mkdtemp(join(tmpdir(), 'flux-locker-'));
    const store = new LocalEvidenceStore(root);
    const rec = await store.put(sealEnvelope(envelope(1, 'a-collector', '2026-03-02T10:00:00.000Z')));
    await chmod(join(root, rec.key), 0o644);
    await writeFile(join(root, rec.key), '{"tampered":true}');
    const refusal = async (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => e as IntegrityError,
      );
    const again = await refusal(
      store.put(sealEnvelope(envelope(1, 'a-collector', '2026-03-02T10:00:00.000Z'))),
    );
    expect(again).toBeInstanceOf(IntegrityError);
    expect(again!.message).toBe(`stored object ${rec.key} differs from the artifact its key names`);
    expect(again!.details).toMatchObject({ key: rec.key, root });
    expect((await refusal(store.get(rec.key)))!.details).toMatchObject({ key: rec.key, root });
    expect((await refusal(store.getBytes(rec.key, rec.sha256)))!.details).toMatchObject({
      key: rec.key,
      root,
    });
    const missing = rec.key.replace('a-collector', 'b-collector');
    const notFound = await refusal(store.get(missing));
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect(notFound!.message).toBe(`artifact not found: ${missing}`);
    expect(notFound!.cause).toMatchObject({ code: 'ENOENT' });
    const prefix = await refusal(all(store.list(undefined, '2026')));
    expect(prefix!.message).toMatch(/^list prefix is invalid:/);
  });
});
