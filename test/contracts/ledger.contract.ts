import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { ConflictError, IntegrityError, ValidationError } from '../../shared/errors.js';
import {
  verifyArtifactInclusion,
  verifyCheckpointConsistency,
  verifyLog,
} from '../../shared/ledger/audit.js';
import { EMPTY_ROOT, leafHash, merkleRoot } from '../../shared/ledger/merkle.js';
import { verifyConsistency, verifyInclusion } from '../../shared/ledger/merkle-verify.js';
import { LocalSigner } from '../../shared/ledger/signer.js';
import { sampleRecord } from '../../shared/ledger/testing/fixtures.js';
import { checkpointBytes, verifyCheckpoint } from '../../shared/ledger/verify-checkpoint.js';
import type { Ledger, LedgerEntry } from '../../shared/ledger/types.js';

/** Changes a ledger's storage behind its back (a tamperer with write access to the table or file). */
interface LedgerTamperHooks {
  /** Replaces the artifact hash recorded at leaf `index`. */
  rewriteLeaf(index: number, sha256: string): Promise<void>;
  /** Removes leaf `index`. */
  deleteLeaf(index: number): Promise<void>;
}

export interface LedgerUnderTest {
  readonly ledger: Ledger;
  readonly tamper?: LedgerTamperHooks;
}

/** What the suite asks of the factory: a fresh, empty ledger with this origin and clock. */
export interface LedgerFactoryOptions {
  readonly origin: string;
  readonly clock: () => Date;
}

const ORIGIN = 'flux-evidence/contract';
const STORED_AT = '2026-01-02T03:04:05.000Z';

/**
 * The behaviour every Ledger must have: DynamoDB (on the emulator) and the local locker's SQLite run
 * the same suite. Sequential on purpose: moto cannot run concurrent DynamoDB transactions. Tamper
 * cases run when `capabilities.tamper` is true (the default); the factory must then return hooks.
 */
export function describeLedgerContract(
  name: string,
  make: (options: LedgerFactoryOptions) => Promise<LedgerUnderTest>,
  capabilities: { readonly tamper?: boolean } = {},
): void {
  const fresh = async (count = 0, salt = ORIGIN) => {
    const under = await make({ origin: ORIGIN, clock: () => new Date(STORED_AT) });
    for (let i = 0; i < count; i++) await under.ledger.append(sampleRecord(i, salt));
    return under;
  };
  const leaves = (n: number) =>
    Array.from({ length: n }, (_, i) => leafHash(Buffer.from(sampleRecord(i, ORIGIN).sha256, 'hex')));

  describe(`Ledger contract: ${name}`, () => {
    it('starts empty: size 0, the empty root, no entries and no checkpoint', async () => {
      const { ledger } = await fresh();
      expect(await ledger.head()).toEqual({ treeSize: 0, rootHash: EMPTY_ROOT.toString('hex') });
      expect(await ledger.entryAt(0)).toBeUndefined();
      expect(await collect(ledger.entries(0, 10))).toEqual([]);
      expect(await ledger.latestCheckpoint()).toBeUndefined();
      expect(await ledger.consistencyProof(0, 0)).toEqual([]);
    });

    it('appends contiguous entries, finds them by hash and index, and keeps the RFC 9162 root', async () => {
      const { ledger } = await fresh();
      const records = Array.from({ length: 13 }, (_, i) => sampleRecord(i, ORIGIN));
      for (const [i, r] of records.entries()) {
        expect(await ledger.append(r)).toEqual({
          index: i,
          created: true,
          entry: { ...r, index: i, storedAt: STORED_AT },
        });
        expect(await ledger.head()).toEqual({
          treeSize: i + 1,
          rootHash: merkleRoot(leaves(i + 1)).toString('hex'),
        });
      }
      expect(await ledger.get(records[7]!.sha256)).toEqual({ ...records[7], index: 7, storedAt: STORED_AT });
      expect(await ledger.entryAt(12)).toEqual({ ...records[12], index: 12, storedAt: STORED_AT });
      expect(await ledger.entryAt(13)).toBeUndefined();
      expect(await ledger.get('0'.repeat(64))).toBeUndefined();
    });

    it('returns the same index for a retried append and refuses a different record under the same hash', async () => {
      const { ledger } = await fresh(3);
      const withExtra = { ...sampleRecord(1, ORIGIN), extra: 'not a record field' };
      const again = await ledger.append(withExtra);
      expect(again).toEqual({
        index: 1,
        created: false,
        entry: { ...sampleRecord(1, ORIGIN), index: 1, storedAt: STORED_AT },
      });
      expect((await ledger.head()).treeSize).toBe(3);
      const conflict = await ledger
        .append({ ...sampleRecord(1, ORIGIN), key: 'evidence/other.json' })
        .catch((e) => e);
      expect(conflict).toBeInstanceOf(ConflictError);
      expect((conflict as ConflictError).details).toMatchObject({ index: 1, fields: ['key'] });
      expect((await ledger.append(sampleRecord(3, ORIGIN))).index).toBe(3);
    });

    it('refuses a record whose sha256 is not a lower-case hex SHA-256 and records nothing', async () => {
      const { ledger } = await fresh(1);
      const upper = sampleRecord(5, ORIGIN).sha256.toUpperCase();
      await expect(ledger.append({ ...sampleRecord(5, ORIGIN), sha256: upper })).rejects.toThrow(
        ValidationError,
      );
      await expect(ledger.append({ ...sampleRecord(5, ORIGIN), sha256: 'abc' })).rejects.toThrow(
        ValidationError,
      );
      expect((await ledger.head()).treeSize).toBe(1);
    });

    it('serves inclusion and consistency proofs that verify for every index and earlier size', async () => {
      const n = 11;
      const { ledger } = await fresh(n);
      const all = leaves(n);
      for (let size = 1; size <= n; size++) {
        const root = merkleRoot(all.slice(0, size));
        for (let i = 0; i < size; i++) {
          const proof = await ledger.inclusionProof(i, size);
          expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(size)));
          verifyInclusion(all[i]!, i, size, proof, root);
        }
        for (const to of [size, size + 1, n].filter((t) => t <= n)) {
          verifyConsistency(
            size,
            to,
            await ledger.consistencyProof(size, to),
            root,
            merkleRoot(all.slice(0, to)),
          );
        }
      }
      expect((await integrityError(ledger.inclusionProof(0, n + 1))).check).toBe('tree-size');
      expect((await integrityError(ledger.consistencyProof(2, n + 1))).check).toBe('tree-size');
      expect((await integrityError(ledger.inclusionProof(n, n))).check).toBe('inclusion-proof');
    });

    it('signs checkpoints over the canonical body that verify offline from the PEM and audit clean', async () => {
      const { ledger } = await fresh(5);
      const signer = LocalSigner.generate();
      const pem = await signer.publicKeyPem();
      const first = await ledger.checkpoint(signer, new Date('2026-01-03T00:00:00.000Z'));
      await ledger.append(sampleRecord(5, ORIGIN));
      const second = await ledger.checkpoint(signer, new Date('2026-01-04T00:00:00.000Z'));

      const root5 = merkleRoot(leaves(5)).toString('hex');
      expect(first).toEqual({
        checkpoint: { origin: ORIGIN, treeSize: 5, rootHash: root5, timestamp: '2026-01-03T00:00:00.000Z' },
        signature: expect.any(String),
        keyId: signer.keyId,
      });
      // The signed bytes are RFC 8785 JSON of the body: sorted keys, no spaces (the same for every ledger).
      expect(checkpointBytes(first.checkpoint).toString()).toBe(
        `{"origin":"${ORIGIN}","rootHash":"${root5}","timestamp":"2026-01-03T00:00:00.000Z","treeSize":5}`,
      );
      expect(verifyCheckpoint(first, pem, { keyId: signer.keyId, origin: ORIGIN })).toEqual(first.checkpoint);
      expect(verifyCheckpoint(second, pem).rootHash).toBe((await ledger.head()).rootHash);

      verifyCheckpointConsistency(first, second, await ledger.consistencyProof(5, 6));
      verifyArtifactInclusion(sampleRecord(2, ORIGIN).sha256, 2, await ledger.inclusionProof(2, 6), second);
      expect(await verifyLog(ledger, first, { publicKeyPem: pem, keyId: signer.keyId })).toEqual({
        treeSize: 5,
        rootHash: root5,
        headSize: 6,
      });
      const forged = { ...second, checkpoint: { ...second.checkpoint, treeSize: 4 } };
      expect((await integrityError(verifyLog(ledger, forged, { publicKeyPem: pem }))).check).toBe(
        'checkpoint-signature',
      );
    });

    it('finds the latest stored checkpoint at or before a given time', async () => {
      const { ledger } = await fresh(2);
      const signer = LocalSigner.generate();
      const a = await ledger.checkpoint(signer, new Date('2026-01-03T00:00:00.000Z'));
      await ledger.append(sampleRecord(2, ORIGIN));
      const b = await ledger.checkpoint(signer, new Date('2026-01-05T00:00:00.000Z'));
      const c = await ledger.checkpoint(signer, new Date('2026-01-04T00:00:00.000Z'));
      expect(await ledger.latestCheckpoint()).toEqual(b);
      expect(await ledger.latestCheckpoint(new Date('2026-01-04T12:00:00.000Z'))).toEqual(c);
      expect(await ledger.latestCheckpoint(new Date('2026-01-03T00:00:00.000Z'))).toEqual(a);
      expect(await ledger.latestCheckpoint(new Date('2026-01-02T23:59:59.999Z'))).toBeUndefined();
    });

    it('lists the entries of a half-open index range in index order', async () => {
      const { ledger } = await fresh(13);
      const indexes = async (from: number, to: number) =>
        (await collect(ledger.entries(from, to))).map((e) => e.index);
      expect(await indexes(3, 9)).toEqual([3, 4, 5, 6, 7, 8]);
      expect(await indexes(10, 100)).toEqual([10, 11, 12]);
      expect(await indexes(5, 5)).toEqual([]);
      const [entry] = await collect(ledger.entries(4, 5));
      expect(entry).toEqual({ ...sampleRecord(4, ORIGIN), index: 4, storedAt: STORED_AT });
    });

    if (capabilities.tamper === false) return;

    it('detects a rewritten leaf: the real artifact no longer proves and the audit names the rewrite', async () => {
      const { ledger, tamper } = await fresh(8);
      const signer = LocalSigner.generate();
      const cp = await ledger.checkpoint(signer, new Date('2026-01-05T00:00:00.000Z'));
      const forged = sampleRecord(99, 'forged').sha256;
      await hooks(tamper).rewriteLeaf(2, forged);

      // Leaf 3's audit path holds leaf 2, so artifact 3 no longer proves against the checkpoint.
      const proof3 = await ledger.inclusionProof(3, 8);
      const e3 = await integrityError(() =>
        verifyArtifactInclusion(sampleRecord(3, ORIGIN).sha256, 3, proof3, cp),
      );
      expect(e3.check).toBe('inclusion-proof');
      const proof2 = await ledger.inclusionProof(2, 8);
      expect((await integrityError(() => verifyArtifactInclusion(forged, 2, proof2, cp))).check).toBe(
        'inclusion-proof',
      );
      const audit = await integrityError(
        verifyLog(ledger, cp, { publicKeyPem: await signer.publicKeyPem() }),
      );
      expect(audit.check).toBe('checkpoint-root-mismatch');
      expect(audit.details).toMatchObject({ treeSize: 8, expectedRoot: cp.checkpoint.rootHash });
    });

    it('reports the index of a deleted leaf in the audit and in proofs that need it', async () => {
      const { ledger, tamper } = await fresh(9);
      const cp = await ledger.checkpoint(LocalSigner.generate(), new Date('2026-01-05T00:00:00.000Z'));
      await hooks(tamper).deleteLeaf(5);
      const audit = await integrityError(verifyLog(ledger, cp));
      expect(audit.check).toBe('ledger-gap');
      expect(audit.details).toMatchObject({ index: 5, treeSize: 9 });
      const proof = await integrityError(ledger.inclusionProof(4, 9));
      expect(proof.check).toBe('ledger-node-missing');
      expect(proof.message).toMatch(/no leaf 5/);
      expect(await ledger.entryAt(5)).toBeUndefined();
    });

    it('appends a statement leaf whose leaf hash is H(0x00 || statement bytes): proofs and the audit verify', async () => {
      const { ledger } = await fresh(3);
      const bytes = Buffer.from('{"kind":"approval","leaf":"flux.leaf/v1"}');
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const statementLeaf = leafHash(bytes);
      const record = { ...sampleRecord(3, ORIGIN), sha256, leafHash: statementLeaf.toString('hex') };
      const { index, entry } = await ledger.append(record);
      expect(index).toBe(3);
      expect(entry.leafHash).toBe(statementLeaf.toString('hex'));
      expect(await ledger.get(sha256)).toMatchObject({ index: 3, leafHash: record.leafHash });
      expect((await ledger.entryAt(0))?.leafHash).toBeUndefined();
      await ledger.append(sampleRecord(4, ORIGIN));
      const expectedRoot = merkleRoot([...leaves(3), statementLeaf, leaves(5)[4]!]).toString('hex');
      expect((await ledger.head()).rootHash).toBe(expectedRoot);
      verifyInclusion(statementLeaf, 3, 5, await ledger.inclusionProof(3, 5), expectedRoot);
      const cp = await ledger.checkpoint(LocalSigner.generate(), new Date('2026-01-05T00:00:00.000Z'));
      await expect(verifyLog(ledger, cp)).resolves.toMatchObject({ treeSize: 5, rootHash: expectedRoot });
      await expect(ledger.append({ ...record, leafHash: 'nothex' })).rejects.toBeInstanceOf(ValidationError);
    });
  });
}

async function collect(entries: AsyncIterable<LedgerEntry>): Promise<LedgerEntry[]> {
  const out: LedgerEntry[] = [];
  for await (const e of entries) out.push(e);
  return out;
}

function hooks(tamper: LedgerTamperHooks | undefined): LedgerTamperHooks {
  if (!tamper)
    throw new Error('the factory returned no tamper hooks: pass { tamper: false } to skip those cases');
  return tamper;
}

async function integrityError(p: Promise<unknown> | (() => unknown)): Promise<IntegrityError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof IntegrityError) return e;
    throw e;
  }
  throw new Error('expected an IntegrityError');
}
