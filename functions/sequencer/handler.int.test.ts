import { describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetPublicKeyCommand } from '@aws-sdk/client-kms';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoLedger } from '../../shared/ledger/dynamo-ledger.js';
import { LedgerTamper } from '../../shared/ledger/testing/dynamo-tamper.js';
import { readLockedCheckpoints } from '../../shared/store/locked-checkpoint-copies.js';
import { spkiDerToPem } from '../../shared/ledger/signer.js';
import { verifyCheckpoint } from '../../shared/ledger/verify-checkpoint.js';
import { awsTestConfig } from '../../test/harness/aws.js';
import { createSequencerHandler } from './handler.js';
import { ORIGIN, sequencerOnMoto } from './test-sequencer.js';

const cfg = awsTestConfig();

describe('sequencer handler (moto)', () => {
  it('signs a checkpoint with the KMS P-256 key that verifies offline, then waits for growth', async () => {
    const { kms, key, s3, deps, append, alerts, bucket } = await sequencerOnMoto();
    await append(1, 3);
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
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'checkpoints/' }));
    expect(listed.Contents).toHaveLength(1);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: listed.Contents![0]!.Key! }));
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
    expect(await alerts()).toEqual({ sns: [], events: [] });
  });

  it('stores the locked copy a sequencer stopped before writing, on its next run, and keeps an existing one', async () => {
    const { deps, append, s3, bucket, table } = await sequencerOnMoto();
    await append(1, 2);
    // The table's checkpoint is written, then the run stops before the copy: the same ledger without its sink.
    const unanchored = new DynamoLedger({
      client: DynamoDBDocumentClient.from(new DynamoDBClient(cfg)),
      tableName: table,
      origin: ORIGIN,
    });
    const signed = await unanchored.checkpoint(deps.signer, new Date('2026-03-01T00:05:00.000Z'));
    const copies = async () => (await readLockedCheckpoints(s3, bucket)).locked.map((c) => c.signed);
    expect(await copies()).toEqual([]);
    const handler = createSequencerHandler(
      () => deps,
      () => new Date('2026-03-01T00:10:00.000Z'),
    );

    expect(await handler()).toEqual({ treeSize: undefined });
    expect(await copies()).toEqual([signed]);
    expect(await deps.ledger.anchor(signed)).toBe('present');
    expect(await copies()).toEqual([signed]);
  });

  it('refuses to sign a head that does not extend the signed one: a collector-permission PutItem overwrote leaf 2 and the head', async () => {
    const { deps, append, alerts, table, s3, bucket } = await sequencerOnMoto();
    await append(1, 5);
    let clock = new Date('2026-03-01T00:05:00.000Z');
    const handler = createSequencerHandler(
      () => deps,
      () => clock,
    );
    expect(await handler()).toEqual({ treeSize: 5 });
    const good = (await deps.ledger.latestCheckpoint())!;

    // The attack, with the plain PutItem a collector role was granted: a different leaf 2 and a head of
    // size 3 whose root and compact range are consistent with that forged leaf.
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient(cfg));
    const forged = 'f'.repeat(64);
    const leaf0 = (await deps.ledger.entryAt(0))!;
    const leaf1 = (await deps.ledger.entryAt(1))!;
    const tamper = new LedgerTamper(doc, table);
    await tamper.rewrite(2, { ...leaf1, sha256: forged, index: 2 });
    const forgedRoot = await tamper.setHead([leaf0.sha256, leaf1.sha256, forged]);

    clock = new Date('2026-03-01T00:10:00.000Z');
    expect(await handler()).toEqual({ treeSize: undefined, fork: true });
    // Nothing signed: the last good checkpoint is still the latest, in the table and in the bucket.
    expect(await deps.ledger.latestCheckpoint()).toEqual(good);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'checkpoints/' }));
    expect(listed.Contents).toHaveLength(1);
    const got = await alerts();
    expect(got.sns).toHaveLength(1);
    expect(got.sns[0]!.Subject).toMatch(/LEDGER FORK/);
    expect(got.sns[0]!.Message).toContain('tree size 5');
    expect(got.sns[0]!.Message).toContain('fewer than the 5 already signed');
    expect(got.events).toEqual([
      expect.objectContaining({
        'detail-type': 'LedgerFork',
        detail: expect.objectContaining({
          kind: 'LEDGER_FORK',
          check: 'consistency-proof',
          signed: expect.objectContaining({ treeSize: 5, rootHash: good.checkpoint.rootHash }),
          head: { treeSize: 3, rootHash: forgedRoot },
        }),
      }),
    ]);

    // A forged head of the signed size (leaf 2 replaced, leaves 3 and 4 kept) does not pass either.
    const leaf3 = (await deps.ledger.entryAt(3))!;
    const leaf4 = (await deps.ledger.entryAt(4))!;
    await tamper.setHead([leaf0.sha256, leaf1.sha256, forged, leaf3.sha256, leaf4.sha256]);
    clock = new Date('2026-03-01T00:15:00.000Z');
    expect(await handler()).toEqual({ treeSize: undefined, fork: true });
    expect(await deps.ledger.latestCheckpoint()).toEqual(good);
    const again = await alerts();
    expect(again.events[0]!.detail).toMatchObject({
      check: 'consistency-proof',
      reason: 'two trees of 5 leaves have different roots',
    });
  });

  it('refuses a planted checkpoint item it did not sign', async () => {
    const { deps, append, alerts, table } = await sequencerOnMoto();
    await append(1, 2);
    const handler = createSequencerHandler(
      () => deps,
      () => new Date('2026-03-01T00:05:00.000Z'),
    );
    expect(await handler()).toEqual({ treeSize: 2 });
    const good = (await deps.ledger.latestCheckpoint())!;
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient(cfg));
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: {
          pk: 'CHECKPOINT',
          sk: '2026-03-01T00:06:00.000Z#0000000000000001',
          ...good.checkpoint,
          treeSize: 1,
          timestamp: '2026-03-01T00:06:00.000Z',
          signature: good.signature,
          keyId: good.keyId,
        },
      }),
    );
    await append(3, 3);
    const out = await createSequencerHandler(
      () => deps,
      () => new Date('2026-03-01T00:10:00.000Z'),
    )();
    expect(out).toEqual({ treeSize: undefined, fork: true });
    expect((await alerts()).events[0]!.detail).toMatchObject({ check: 'checkpoint-signature' });
  });
});
