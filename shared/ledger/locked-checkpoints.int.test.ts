// `audit` of a deployment checks the log against the locked checkpoint copies in the evidence bucket. The ledger
// table has one writer, the sequencer; whoever holds that role can delete the table's checkpoints or rebuild the
// whole table and re-sign it, and an audit that read only the table would call the result clean. The copies under
// checkpoints/ are create-only and under Object Lock, so they expose it.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsTestConfig } from '../../test/harness/aws.js';
import { sha256Hex } from '../evidence/canonical.js';
import { S3EvidenceStore } from '../store/s3-store.js';
import { ensureEvidenceBucket } from '../store/evidence-bucket.js';
import { DynamoLedger } from './dynamo-ledger.js';
import { CHECKPOINT_PK, checkpointSk, createLedgerTable } from './dynamo-schema.js';
import { readLockedCheckpoints } from '../store/locked-checkpoint-copies.js';
import { auditLocker, type LockerAudit } from './log-audit.js';
import { s3CheckpointSink } from './s3-checkpoint-sink.js';
import { LocalSigner } from './signer.js';
import { sampleRecord } from './testing/fixtures.js';
import type { SignedCheckpoint } from './types.js';

const cfg = awsTestConfig();
const s3 = new S3Client({ ...cfg, forcePathStyle: true });
const doc = DynamoDBDocumentClient.from(new DynamoDBClient(cfg));
const BUCKET = 'locked-cp-evidence';
const ORIGIN = 'flux-evidence/test/locked';
const signer = LocalSigner.generate();
let publicKeyPem: string;

/** Statement leaves (no evidence object to store): the audit checks the log and its checkpoints. */
const statement = (n: number, salt: string) => ({
  ...sampleRecord(n, salt),
  leafHash: sha256Hex(`statement-${salt}-${n}`),
});

async function ledger(table: string, anchored: boolean): Promise<DynamoLedger> {
  await createLedgerTable(new DynamoDBClient(cfg), table);
  return new DynamoLedger({
    client: doc,
    tableName: table,
    origin: ORIGIN,
    ...(anchored ? { checkpointSink: s3CheckpointSink({ client: s3, bucket: BUCKET }) } : {}),
  });
}

async function fill(l: DynamoLedger, salt: string, sizes: number[], day: number): Promise<void> {
  let n = 0;
  for (const [i, size] of sizes.entries()) {
    for (; n < size; n++) await l.append(statement(n, salt));
    await l.checkpoint(signer, new Date(Date.UTC(2026, 2, day, 10, i)));
  }
}

async function tableCheckpoints(l: DynamoLedger): Promise<SignedCheckpoint[]> {
  const out: SignedCheckpoint[] = [];
  for await (const cp of l.checkpoints()) out.push(cp);
  return out;
}

async function audit(l: DynamoLedger, withCopies: boolean): Promise<LockerAudit> {
  return auditLocker({
    store: new S3EvidenceStore({ s3, bucket: BUCKET }),
    ledger: l,
    origin: ORIGIN,
    publicKeyPem,
    checkpoints: await tableCheckpoints(l),
    ...(withCopies ? { lockedCheckpoints: await readLockedCheckpoints(s3, BUCKET) } : {}),
  });
}

const kinds = (a: LockerAudit) => a.problems.map((p) => p.kind);

beforeAll(async () => {
  publicKeyPem = await signer.publicKeyPem();
  await ensureEvidenceBucket(s3, BUCKET, { objectLock: { days: 1 } });
});

describe('audit against the locked checkpoint copies (moto)', () => {
  it('is clean when every table checkpoint has its locked copy, then names a deleted and a rebuilt table', async () => {
    const honest = await ledger('locked-cp-honest', true);
    await fill(honest, 'honest', [3, 5], 1);
    const clean = await audit(honest, true);
    expect(clean.problems).toEqual([]);
    expect(clean.checkpoints).toBe(2);
    expect((await readLockedCheckpoints(s3, BUCKET)).locked).toHaveLength(2);

    // The table's writer deletes the first checkpoint: the table alone still audits clean.
    const [first] = await tableCheckpoints(honest);
    await doc.send(
      new DeleteCommand({
        TableName: 'locked-cp-honest',
        Key: { pk: CHECKPOINT_PK, sk: checkpointSk(first!.checkpoint.timestamp, first!.checkpoint.treeSize) },
      }),
    );
    expect((await tableCheckpoints(honest)).length).toBe(1);
    expect((await audit(honest, false)).problems).toEqual([]);
    const deleted = await audit(honest, true);
    expect(kinds(deleted)).toEqual(['checkpoint-copy']);
    expect(deleted.problems[0]!.message).toContain('is not among the ledger table');
    expect(deleted.problems[0]!.key).toMatch(/^checkpoints\/3-2026-03-01T10:00:00\.000Z\.json$/);

    // The writer rebuilds the log with other leaves and re-signs it, writing the table only: the table-only audit
    // is clean, the copies show two checkpoints missing from the table whose roots the log does not reproduce.
    const forged = await ledger('locked-cp-forged', false);
    await fill(forged, 'forged', [3, 5], 2);
    expect((await audit(forged, false)).problems).toEqual([]);
    const rebuilt = await audit(forged, true);
    expect(kinds(rebuilt).filter((k) => k === 'checkpoint-copy')).toHaveLength(4); // 2 copies not in table, 2 unanchored
    const broken = rebuilt.problems.filter((p) => p.kind === 'checkpoint');
    expect(broken.length).toBeGreaterThanOrEqual(2);
    expect(broken.map((p) => p.message).join('\n')).toMatch(/root other than the one it signed|consisten/);
  });

  it('reads and names a copy hidden behind a delete marker (the bucket is versioned)', async () => {
    const BUCKET2 = 'locked-cp-marker';
    await ensureEvidenceBucket(s3, BUCKET2, { objectLock: { days: 1 } });
    await createLedgerTable(new DynamoDBClient(cfg), 'locked-cp-marker');
    const l = new DynamoLedger({
      client: doc,
      tableName: 'locked-cp-marker',
      origin: ORIGIN,
      checkpointSink: s3CheckpointSink({ client: s3, bucket: BUCKET2 }),
    });
    await fill(l, 'marker', [2], 4);
    const key = (await readLockedCheckpoints(s3, BUCKET2)).locked[0]!.key;
    // A DeleteObject without a version: Object Lock allows it, and only a delete marker is added.
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET2, Key: key }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET2, Prefix: 'checkpoints/' }));
    expect(listed.KeyCount ?? 0).toBe(0);
    const copies = await readLockedCheckpoints(s3, BUCKET2);
    expect(copies.locked.map((c) => c.key)).toEqual([key]);
    expect(copies.unreadable).toEqual([
      { key, message: 'hidden behind a delete marker (its locked version is still read)' },
    ]);
  });

  it('names a checkpoint copy that is not a signed checkpoint', async () => {
    const l = await ledger('locked-cp-garbage', true);
    await fill(l, 'garbage', [2], 3);
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'checkpoints/zz-garbage.json',
        Body: '["not a checkpoint"]',
      }),
    );
    const { unreadable } = await readLockedCheckpoints(s3, BUCKET);
    expect(unreadable).toEqual([
      { key: 'checkpoints/zz-garbage.json', message: 'not a signed checkpoint (no checkpoint object)' },
    ]);
    const a = await audit(l, true);
    expect(a.problems.find((p) => p.key === 'checkpoints/zz-garbage.json')).toMatchObject({
      kind: 'checkpoint-copy',
      message: expect.stringContaining('is unreadable'),
    });
  });
});
