import { describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createLedgerTable } from '../../shared/ledger/dynamo-schema.js';
import { spkiDerToPem } from '../../shared/ledger/signer.js';
import { verifyCheckpoint } from '../../shared/ledger/verify-checkpoint.js';
import { ensureEvidenceBucket } from '../../shared/store/evidence-bucket.js';
import { awsTestConfig, motoEndpoint } from '../../test/harness/aws.js';
import { buildSequencer, createSequencerHandler } from './handler.js';

const cfg = awsTestConfig();
const ORIGIN = 'acme-analytics/evidence';
const sha = (i: number) => i.toString(16).padStart(64, '0');

describe('sequencer handler (moto)', () => {
  it('signs a checkpoint with the KMS P-256 key that verifies offline, then waits for growth', async () => {
    const kms = new KMSClient(cfg);
    const key = await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }));
    const s3 = new S3Client(cfg);
    await ensureEvidenceBucket(s3, 'seq-evidence', { objectLock: { days: 1 } });
    await createLedgerTable(new DynamoDBClient(cfg), 'seq-ledger');
    const deps = buildSequencer({
      TABLE_NAME: 'seq-ledger',
      EVIDENCE_BUCKET: 'seq-evidence',
      SIGNING_KEY_ARN: key.KeyMetadata!.Arn!,
      LEDGER_ORIGIN: ORIGIN,
      RETENTION_MODE: 'COMPLIANCE',
      RETENTION_DAYS: '1',
      AWS_REGION: cfg.region,
      AWS_ENDPOINT_URL: motoEndpoint(),
    });
    for (let i = 1; i <= 3; i += 1) {
      await deps.ledger.append({
        sha256: sha(i),
        key: `evidence/aws-kms-keys/2026/03/01/x_${sha(i)}.json`,
        collector: 'aws-kms-keys',
        scope: 'account=123456789012,region=us-east-1',
        observedAt: '2026-03-01T00:00:00.000Z',
        collectedAt: '2026-03-01T00:00:00.000Z',
      });
    }
    let clock = new Date('2026-03-01T00:05:00.000Z');
    const handler = createSequencerHandler(
      () => deps,
      () => clock,
    );

    const first = await handler();
    clock = new Date('2026-03-01T00:10:00.000Z');
    const second = await handler();

    expect(first).toEqual({ treeSize: 3 });
    expect(second).toEqual({ treeSize: undefined });
    const signed = await deps.ledger.latestCheckpoint();
    const der = (await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyMetadata!.KeyId! }))).PublicKey!;
    const checkpoint = verifyCheckpoint(signed, spkiDerToPem(der), {
      origin: ORIGIN,
      keyId: key.KeyMetadata!.Arn!,
    });
    expect(checkpoint).toMatchObject({ treeSize: 3, rootHash: (await deps.ledger.head()).rootHash });
    // A tampered checkpoint does not verify.
    const forged = { ...signed!, checkpoint: { ...signed!.checkpoint, treeSize: 4 } };
    expect(() => verifyCheckpoint(forged, spkiDerToPem(der))).toThrow(/does not verify/);
    // The checkpoint is also a locked object under checkpoints/.
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: 'seq-evidence', Prefix: 'checkpoints/' }),
    );
    expect(listed.Contents).toHaveLength(1);
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: 'seq-evidence', Key: listed.Contents![0]!.Key! }),
    );
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
  });
});
