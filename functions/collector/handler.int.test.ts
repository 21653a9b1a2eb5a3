import { describe, expect, it } from '@jest/globals';
import { IAMClient, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { collector as kmsKeys } from '../../shared/collectors/aws-kms-keys/collector.js';
import { collector as passwordPolicy } from '../../shared/collectors/aws-iam-password-policy/collector.js';
import { awsTestConfig } from '../../test/harness/aws.js';
import { EVIDENCE_EVENT_SOURCE } from './events.js';
import { createCollectorHandler } from './handler.js';
import { awsSource } from './sources/aws.js';
import { batch, context, platform, record, unit } from './test-platform.js';

const cfg = awsTestConfig();

describe('collector handler (moto)', () => {
  it('collects a batch of two units into locked evidence, ledger entries and EvidenceStored events', async () => {
    const p = await platform('two-units');
    await new KMSClient(cfg).send(
      new CreateKeyCommand({
        Description: 'app data',
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeySpec: 'SYMMETRIC_DEFAULT',
      }),
    );
    await new KMSClient({ ...cfg, region: 'eu-west-1' }).send(
      new CreateKeyCommand({
        Description: 'eu data',
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeySpec: 'SYMMETRIC_DEFAULT',
      }),
    );
    const handler = createCollectorHandler(kmsKeys, awsSource, { ...p.env, COLLECTOR_ID: 'aws-kms-keys' });

    const out = await handler(
      batch(record(unit('aws-kms-keys', 'us-east-1')), record(unit('aws-kms-keys', 'eu-west-1'))),
      context,
    );

    expect(out).toEqual({ batchItemFailures: [] });
    // The collector wrote no log item: it queued two append requests, which the sequencer appends.
    expect((await p.ledger.head()).treeSize).toBe(0);
    expect(await p.sequence()).toMatchObject({ received: 2, appended: 2, refused: [] });
    expect((await p.ledger.head()).treeSize).toBe(2);
    const events = (await p.readEvents()).map(
      (b) => JSON.parse(b) as { source: string; 'detail-type': string; detail: Record<string, unknown> },
    );
    expect(events.map((e) => [e.source, e['detail-type']])).toEqual([
      [EVIDENCE_EVENT_SOURCE, 'EvidenceStored'],
      [EVIDENCE_EVENT_SOURCE, 'EvidenceStored'],
    ]);
    const regions = events.map((e) => (e.detail.scope as { region: string }).region).sort();
    expect(regions).toEqual(['eu-west-1', 'us-east-1']);
    for (const e of events) {
      const { sha256, key } = e.detail as { sha256: string; key: string };
      expect(e.detail.ledgerIndex).toBeUndefined();
      expect(await p.ledger.get(sha256)).toMatchObject({
        key,
        collector: 'aws-kms-keys',
      });
      // The stored bytes hash to the id the event names, and the object is locked in COMPLIANCE mode.
      const back = await p.store.get(key, sha256);
      expect(back.envelope.errors).toEqual([]);
      expect(back.envelope.data).toMatchObject({
        keys: [expect.objectContaining({ keyUsage: 'ENCRYPT_DECRYPT' })],
      });
      const head = await p.s3.send(new HeadObjectCommand({ Bucket: p.env.EVIDENCE_BUCKET, Key: key }));
      expect(head.ObjectLockMode).toBe('COMPLIANCE');
    }
    // Run again with the source unchanged: no new artifact, an observation statement stored and queued instead.
    await handler(batch(record(unit('aws-kms-keys', 'us-east-1'))), context);
    expect(await p.sequence()).toMatchObject({ received: 1, appended: 1, refused: [] });
    const observed = await p.ledger.entryAt(2);
    expect(observed).toMatchObject({
      collector: 'aws-kms-keys',
      key: expect.stringMatching(/^observation\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f]{64}\.json$/),
      leafHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const locked = await p.s3.send(
      new HeadObjectCommand({ Bucket: p.env.EVIDENCE_BUCKET, Key: observed!.key }),
    );
    expect(locked.ObjectLockMode).toBe('COMPLIANCE');
  });

  it('reports a failing unit and every later one in batchItemFailures, keeping the earlier ones', async () => {
    const p = await platform('failing-unit');
    await new IAMClient(cfg).send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14 }));
    const handler = createCollectorHandler(passwordPolicy, awsSource, {
      ...p.env,
      COLLECTOR_ID: 'aws-iam-password-policy',
    });
    const ok = record(unit('aws-iam-password-policy', 'global'));
    const wrongCollector = record(unit('aws-kms-keys', 'us-east-1'));
    const notJson = record('{not json');

    const out = await handler(batch(ok, wrongCollector, notJson), context);

    expect(out.batchItemFailures).toEqual([
      { itemIdentifier: wrongCollector.messageId },
      { itemIdentifier: notJson.messageId },
    ]);
    await p.sequence();
    expect((await p.ledger.head()).treeSize).toBe(1);
    const events = (await p.readEvents()).map((b) => JSON.parse(b) as { detail: { collector: string } });
    expect(events.map((e) => e.detail.collector)).toEqual(['aws-iam-password-policy']);
  });

  it('refuses to start when COLLECTOR_ID names another collector than its entry', async () => {
    const p = await platform('wrong-id');
    const handler = createCollectorHandler(kmsKeys, awsSource, { ...p.env, COLLECTOR_ID: 'aws-s3-buckets' });
    await expect(handler(batch(record(unit('aws-kms-keys', 'us-east-1'))), context)).rejects.toMatchObject({
      name: 'ConfigError',
      message: expect.stringMatching(/COLLECTOR_ID/),
    });
  });
});
