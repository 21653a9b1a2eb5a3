import { describe, expect, it } from '@jest/globals';
import { ArtifactTooLargeError, IntegrityError, NotFoundError } from '../../shared/errors.js';
import { sealEnvelope } from '../../shared/evidence/artifact.js';
import { ENVELOPE_SCHEMA, type Envelope } from '../../shared/evidence/envelope.js';
import type { EvidenceStore } from '../../shared/store/types.js';

export interface StoreUnderTest {
  readonly store: EvidenceStore;
  /** Replaces a stored object's bytes behind the store's back (a tamperer with write access). */
  overwrite(key: string, bytes: Buffer): Promise<void>;
  /** A store with a small size limit (for the oversized-artifact check). */
  smallStore(maxBytes: number): EvidenceStore;
}

const envelope = (n: number, collectedAt = '2026-03-01T10:00:00.000Z'): Envelope => ({
  schema: ENVELOPE_SCHEMA,
  collector: 'aws-iam-password-policy',
  collectorVersion: '1.0.0',
  scope: { account: '123456789012', region: 'global' },
  observedAt: collectedAt,
  collectedAt,
  provenance: { identity: 'arn:aws:iam::123456789012:user/test', operations: [], complete: true },
  data: { n },
  errors: [],
});

const all = async (it: AsyncIterable<string>) => {
  const out: string[] = [];
  for await (const k of it) out.push(k);
  return out;
};

/** The behaviour every EvidenceStore must have: S3 and the local locker run the same suite. */
export function describeEvidenceStoreContract(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`EvidenceStore contract: ${name}`, () => {
    it('stores under the documented key layout and reads back the same artifact', async () => {
      const { store } = await make();
      const sealed = sealEnvelope(envelope(1));
      const rec = await store.put(sealed);
      expect(rec).toMatchObject({ created: true, sha256: sealed.sha256, size: sealed.bytes.length });
      expect(rec.key).toBe(
        `evidence/aws-iam-password-policy/2026/03/01/2026-03-01T10:00:00.000Z_${sealed.sha256}.json`,
      );
      const back = await store.get(rec.key, sealed.sha256);
      expect(back.bytes.equals(sealed.bytes)).toBe(true);
    });

    it('treats a re-put of identical content as a no-op', async () => {
      const { store } = await make();
      const sealed = sealEnvelope(envelope(2));
      await store.put(sealed);
      const again = await store.put(sealed);
      expect(again.created).toBe(false);
      expect(await all(store.list('aws-iam-password-policy'))).toHaveLength(1);
    });

    it('lists by collector and day', async () => {
      const { store } = await make();
      await store.put(sealEnvelope(envelope(3, '2026-03-01T10:00:00.000Z')));
      await store.put(sealEnvelope(envelope(4, '2026-03-02T10:00:00.000Z')));
      expect(await all(store.list('aws-iam-password-policy', '2026/03/02'))).toHaveLength(1);
      expect(await all(store.list('aws-iam-password-policy', '2026/03'))).toHaveLength(2);
      expect(await all(store.list('other-collector'))).toEqual([]);
    });

    it('detects a changed byte in a stored artifact, naming the key', async () => {
      const { store, overwrite } = await make();
      const sealed = sealEnvelope(envelope(5));
      const { key } = await store.put(sealed);
      const tampered = Buffer.from(sealed.bytes);
      tampered[tampered.indexOf('"n":5') + 4] = '6'.charCodeAt(0);
      await overwrite(key, tampered);
      const err = await store.get(key).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IntegrityError);
      expect((err as IntegrityError).message).toContain(key);
    });

    it('serves hash-checked bytes to bulk readers and refuses tampered ones', async () => {
      const { store, overwrite } = await make();
      const sealed = sealEnvelope(envelope(9));
      const { key } = await store.put(sealed);
      expect((await store.getBytes(key, sealed.sha256)).equals(sealed.bytes)).toBe(true);
      await expect(store.getBytes(key, 'f'.repeat(64))).rejects.toThrow(IntegrityError);
      await overwrite(key, Buffer.from(sealed.bytes.toString().replace('"n":9', '"n":8')));
      await expect(store.getBytes(key, sealed.sha256)).rejects.toThrow(IntegrityError);
    });

    it('never overwrites differing content stored under an artifact key', async () => {
      const { store, overwrite } = await make();
      const sealed = sealEnvelope(envelope(7));
      const { key } = await store.put(sealed);
      await overwrite(key, Buffer.from('{}'));
      await expect(store.put(sealed)).rejects.toThrow(IntegrityError);
    });

    it('refuses an oversized artifact and writes nothing', async () => {
      const { smallStore, store } = await make();
      const big = sealEnvelope(envelope(8));
      await expect(smallStore(100).put(big)).rejects.toThrow(ArtifactTooLargeError);
      expect(await all(store.list('aws-iam-password-policy'))).toEqual([]);
    });

    it('reports a missing artifact and refuses keys that are not artifact keys', async () => {
      const { store } = await make();
      await expect(
        store.get(`evidence/x/2026/01/01/2026-01-01T00:00:00.000Z_${'0'.repeat(64)}.json`),
      ).rejects.toThrow(NotFoundError);
      await expect(store.get('../../etc/passwd')).rejects.toThrow(/not evidence/);
    });
  });
}
