import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectLockConfigurationCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsTestConfig } from '../../test/harness/aws.js';
import { ConflictError, IntegrityError } from '../errors.js';
import { verifyArtifactInclusion, verifyCheckpointConsistency, verifyLog } from './audit.js';
import { DynamoLedger } from './dynamo-ledger.js';
import { auditLocker } from './log-audit.js';
import type { SignedCheckpoint } from './types.js';
import { MemoryStore } from '../snapshot/testing/memory.js';
import { createLedgerTable } from './dynamo-schema.js';
import { LedgerTamper } from './testing/dynamo-tamper.js';
import { leafHash, merkleRoot } from './merkle.js';
import { verifyConsistency, verifyInclusion } from './merkle-verify.js';
import { s3CheckpointSink } from './s3-checkpoint-sink.js';
import { KmsSigner, LocalSigner } from './signer.js';
import { createSigningKey, sampleRecord } from './testing/fixtures.js';
import { verifyCheckpoint } from './verify-checkpoint.js';

const ORIGIN = 'flux-evidence/test';
const BUCKET = 'flux-evidence-checkpoints';
let ddb: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let s3: S3Client;
let signer: KmsSigner;
let tables = 0;

async function newLedger(
  origin = ORIGIN,
  count = 0,
  salt = origin,
): Promise<{ ledger: DynamoLedger; table: string }> {
  const table = `ledger-${++tables}`;
  await createLedgerTable(ddb, table);
  const ledger = new DynamoLedger({
    client: doc,
    tableName: table,
    origin,
    clock: () => new Date('2026-01-02T03:04:05.000Z'),
    checkpointSink: s3CheckpointSink({ client: s3, bucket: BUCKET, retention: { days: 30 } }),
  });
  for (let i = 0; i < count; i++) await ledger.append(sampleRecord(i, salt));
  return { ledger, table };
}

const integrityCheck = async (p: Promise<unknown> | (() => unknown)): Promise<IntegrityError> => {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof IntegrityError) return e;
    throw e;
  }
  throw new Error('expected an IntegrityError');
};

beforeAll(async () => {
  ddb = new DynamoDBClient(awsTestConfig());
  doc = DynamoDBDocumentClient.from(ddb);
  s3 = new S3Client(awsTestConfig());
  const kms = new KMSClient(awsTestConfig());
  signer = new KmsSigner(kms, await createSigningKey(kms));
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET, ObjectLockEnabledForBucket: true }));
  await s3.send(
    new PutObjectLockConfigurationCommand({
      Bucket: BUCKET,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } },
      },
    }),
  );
});

describe('DynamoLedger', () => {
  it('appends contiguous entries, finds them by hash and index, and keeps the RFC 9162 root', async () => {
    const { ledger } = await newLedger();
    const records = Array.from({ length: 13 }, (_, i) => sampleRecord(i));
    for (const [i, r] of records.entries()) {
      const res = await ledger.append(r);
      expect(res).toMatchObject({
        index: i,
        created: true,
        entry: { ...r, index: i, storedAt: '2026-01-02T03:04:05.000Z' },
      });
    }
    expect(await ledger.get(records[7]!.sha256)).toMatchObject({ index: 7, key: records[7]!.key });
    expect(await ledger.entryAt(12)).toMatchObject({ sha256: records[12]!.sha256 });
    expect(await ledger.entryAt(13)).toBeUndefined();
    expect(await ledger.get('0'.repeat(64))).toBeUndefined();
    const leaves = records.map((r) => leafHash(Buffer.from(r.sha256, 'hex')));
    expect(await ledger.head()).toEqual({ treeSize: 13, rootHash: merkleRoot(leaves).toString('hex') });
    const listed = [];
    for await (const e of ledger.entries(3, 9)) listed.push(e.index);
    expect(listed).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it('serves inclusion and consistency proofs for every index and earlier size from stored nodes', async () => {
    const { ledger } = await newLedger(ORIGIN, 11);
    const leaves = Array.from({ length: 11 }, (_, i) =>
      leafHash(Buffer.from(sampleRecord(i, ORIGIN).sha256, 'hex')),
    );
    for (let size = 1; size <= 11; size++) {
      const root = merkleRoot(leaves.slice(0, size));
      for (let i = 0; i < size; i++)
        verifyInclusion(leaves[i]!, i, size, await ledger.inclusionProof(i, size), root);
      for (const to of [size, 11]) {
        verifyConsistency(
          size,
          to,
          await ledger.consistencyProof(size, to),
          root,
          merkleRoot(leaves.slice(0, to)),
        );
      }
    }
    expect((await integrityCheck(ledger.inclusionProof(0, 12))).check).toBe('tree-size');
  });

  it('returns the same index for a retried append and refuses a different record under the same hash', async () => {
    const { ledger } = await newLedger(ORIGIN, 3);
    const again = await ledger.append(sampleRecord(1, ORIGIN));
    expect(again).toMatchObject({ index: 1, created: false });
    expect((await ledger.head()).treeSize).toBe(3);
    await expect(ledger.append({ ...sampleRecord(1, ORIGIN), key: 'evidence/other.json' })).rejects.toThrow(
      ConflictError,
    );
  });

  it('signs checkpoints with KMS that verify offline from the PEM, stored in the table and locked in S3', async () => {
    const { ledger } = await newLedger(ORIGIN, 5);
    const pem = await signer.publicKeyPem();
    const first = await ledger.checkpoint(signer, new Date('2026-01-03T00:00:00.000Z'));
    await ledger.append(sampleRecord(5, ORIGIN));
    const second = await ledger.checkpoint(signer, new Date('2026-01-04T00:00:00.000Z'));
    expect(verifyCheckpoint(first, pem, { keyId: signer.keyId, origin: ORIGIN })).toMatchObject({
      treeSize: 5,
    });
    expect(verifyCheckpoint(second, pem, { keyId: signer.keyId })).toMatchObject({
      treeSize: 6,
      rootHash: (await ledger.head()).rootHash,
    });
    expect(await ledger.latestCheckpoint()).toEqual(second);
    expect(await ledger.latestCheckpoint(new Date('2026-01-03T12:00:00.000Z'))).toEqual(first);
    expect(await ledger.latestCheckpoint(new Date('2026-01-02T00:00:00.000Z'))).toBeUndefined();

    const key = 'checkpoints/6-2026-01-04T00:00:00.000Z.json';
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key, ChecksumMode: 'ENABLED' }));
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
    expect(head.ObjectLockRetainUntilDate?.toISOString()).toBe('2026-02-03T00:00:00.000Z');
    const body = Buffer.from(
      await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToByteArray(),
    );
    expect(head.ChecksumSHA256).toBe(createHash('sha256').update(body).digest('base64'));
    expect(verifyCheckpoint(JSON.parse(body.toString()), pem)).toEqual(second.checkpoint);

    const proof = await ledger.consistencyProof(5, 6);
    verifyCheckpointConsistency(first, second, proof);
    const index = 2;
    verifyArtifactInclusion(
      sampleRecord(index, ORIGIN).sha256,
      index,
      await ledger.inclusionProof(index, 6),
      second,
    );
    expect(await verifyLog(ledger, second, { publicKeyPem: pem, keyId: signer.keyId })).toEqual({
      treeSize: 6,
      rootHash: second.checkpoint.rootHash,
      headSize: 6,
    });
  });
});

describe('audit of a deployment ledger', () => {
  it('lists every checkpoint oldest first and checks each against its leaves and its successor', async () => {
    const { ledger, table } = await newLedger(ORIGIN, 5, 'history');
    const signed = [await ledger.checkpoint(signer, new Date('2026-02-03T00:00:00.000Z'))];
    for (const [i, day] of ['2026-02-04', '2026-02-05'].entries()) {
      await ledger.append(sampleRecord(5 + i, 'history'));
      signed.push(await ledger.checkpoint(signer, new Date(`${day}T00:00:00.000Z`)));
    }
    const listed: SignedCheckpoint[] = [];
    for await (const cp of ledger.checkpoints()) listed.push(cp);
    expect(listed).toEqual(signed);
    const pem = await signer.publicKeyPem();
    const run = () =>
      auditLocker({
        store: new MemoryStore(),
        ledger,
        origin: ORIGIN,
        publicKeyPem: pem,
        checkpoints: listed,
      });
    const clean = await run();
    expect(clean.checkpoints).toBe(3);
    expect(clean.problems.filter((p) => p.kind !== 'missing-object')).toEqual([]);
    // Rewrite leaf 5: the checkpoint of size 5 still holds, the two that cover leaf 5 no longer do.
    await new LedgerTamper(doc, table).rewrite(5, { sha256: sampleRecord(99, 'forged').sha256 });
    const tampered = (await run()).problems.filter((p) => p.kind === 'checkpoint').map((p) => p.message);
    expect(tampered).toEqual([
      expect.stringMatching(/^checkpoint of size 6 at .* does not verify: .*a recorded hash was rewritten/),
      expect.stringMatching(/^checkpoint of size 7 at .* does not verify: .*a recorded hash was rewritten/),
    ]);
  });
});

describe('tamper evidence', () => {
  it('detects a rewritten ledger hash: inclusion of a real artifact and the audit both fail', async () => {
    const { ledger, table } = await newLedger(ORIGIN, 8);
    const cp = await ledger.checkpoint(signer, new Date('2026-01-05T00:00:00.000Z'));
    const forged = sampleRecord(99, 'forged').sha256;
    await new LedgerTamper(doc, table).rewrite(2, { sha256: forged });

    // Leaf 3's audit path contains leaf 2, so the real artifact 3 no longer proves against the checkpoint.
    const inclusion = await integrityCheck(() =>
      ledger
        .inclusionProof(3, 8)
        .then((p) => verifyArtifactInclusion(sampleRecord(3, ORIGIN).sha256, 3, p, cp)),
    );
    expect(inclusion.check).toBe('inclusion-proof');
    expect(inclusion.message).toMatch(
      /leaf 3 in a tree of 8 leaves yields a root other than the expected one/,
    );
    // The forged hash at index 2 does not prove either.
    const forgedProof = await ledger.inclusionProof(2, 8);
    expect((await integrityCheck(() => verifyArtifactInclusion(forged, 2, forgedProof, cp))).check).toBe(
      'inclusion-proof',
    );

    const audit = await integrityCheck(verifyLog(ledger, cp, { publicKeyPem: await signer.publicKeyPem() }));
    expect(audit.check).toBe('checkpoint-root-mismatch');
    expect(audit.message).toMatch(/a recorded hash was rewritten/);
    expect(audit.details).toMatchObject({ treeSize: 8, expectedRoot: cp.checkpoint.rootHash });
  });

  it('reports the index of a removed leaf', async () => {
    const { ledger, table } = await newLedger(ORIGIN, 9);
    const cp = await ledger.checkpoint(signer, new Date('2026-01-05T00:00:00.000Z'));
    await new LedgerTamper(doc, table).remove(5);
    const audit = await integrityCheck(verifyLog(ledger, cp));
    expect(audit.check).toBe('ledger-gap');
    expect(audit.details).toMatchObject({ index: 5 });
    expect(audit.message).toMatch(/leaf 5 of the 9/);
    const proof = await integrityCheck(ledger.inclusionProof(4, 9));
    expect(proof.check).toBe('ledger-node-missing');
    expect(proof.message).toMatch(/no leaf 5/);
  });

  it('rejects a forged checkpoint and one re-signed with another key', async () => {
    const { ledger } = await newLedger(ORIGIN, 4);
    const cp = await ledger.checkpoint(signer, new Date('2026-01-05T00:00:00.000Z'));
    const pem = await signer.publicKeyPem();
    const forged = { ...cp, checkpoint: { ...cp.checkpoint, treeSize: 3 } };
    expect((await integrityCheck(verifyLog(ledger, forged, { publicKeyPem: pem }))).check).toBe(
      'checkpoint-signature',
    );
    const resigned = await ledger.checkpoint(LocalSigner.generate(), new Date('2026-01-06T00:00:00.000Z'));
    const e = await integrityCheck(() => verifyCheckpoint({ ...resigned, keyId: cp.keyId }, pem));
    expect(e.check).toBe('checkpoint-signature');
    expect((await integrityCheck(() => verifyCheckpoint(resigned, pem, { keyId: cp.keyId }))).check).toBe(
      'checkpoint-key',
    );
  });

  it('refuses a consistency proof between checkpoints of different logs', async () => {
    const a = await newLedger(ORIGIN, 3);
    const b = await newLedger(ORIGIN, 6, 'another table');
    const cpA = await a.ledger.checkpoint(signer, new Date('2026-01-05T00:00:00.000Z'));
    const cpB = await b.ledger.checkpoint(signer, new Date('2026-01-05T00:00:00.000Z'));
    const proof = await b.ledger.consistencyProof(3, 6);
    const e = await integrityCheck(() => verifyCheckpointConsistency(cpA, cpB, proof));
    expect(e.check).toBe('consistency-proof');
    expect(e.message).toMatch(/does not reproduce the root of the first tree \(3 leaves\)/);

    const other = await newLedger('flux-evidence/other', 6);
    const cpOther = await other.ledger.checkpoint(signer, new Date('2026-01-05T00:00:01.000Z'));
    const origin = await integrityCheck(() => verifyCheckpointConsistency(cpA, cpOther, proof));
    expect(origin.check).toBe('checkpoint-origin');
    expect(origin.message).toMatch(/different logs/);
  });
});
