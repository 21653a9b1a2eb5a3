import { describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { IAMClient, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { awsTestConfig } from '../../test/harness/aws.js';
import { DynamoLedger } from '../ledger/dynamo-ledger.js';
import { createLedgerTable } from '../ledger/dynamo-schema.js';
import { ensureEvidenceBucket } from '../store/evidence-bucket.js';
import { S3EvidenceStore } from '../store/s3-store.js';
import { collector as passwordPolicy } from '../collectors/aws-iam-password-policy/collector.js';
import { DynamoContentIndex } from './content-index.js';
import { runCollector, type RunDeps } from './runner.js';

const scope = { account: '123456789012', region: 'global' };

let n = 0;
async function setup(): Promise<{
  deps: (at: string) => RunDeps;
  ledger: DynamoLedger;
  store: S3EvidenceStore;
}> {
  const bucket = `runner-evidence-${++n}`;
  const table = `runner-ledger-${n}`;
  const s3 = new S3Client(awsTestConfig());
  await ensureEvidenceBucket(s3, bucket, { objectLock: { days: 1 } });
  const ddb = new DynamoDBClient(awsTestConfig());
  await createLedgerTable(ddb, table);
  const doc = DynamoDBDocumentClient.from(ddb);
  const ledger = new DynamoLedger({ client: doc, tableName: table, origin: 'test/runner' });
  const store = new S3EvidenceStore({ s3, bucket: bucket, retention: { mode: 'COMPLIANCE', days: 1 } });
  const index = new DynamoContentIndex(doc, table);
  const { endpoint, credentials } = awsTestConfig();
  return {
    ledger,
    store,
    deps: (at) => ({
      store,
      ledger,
      index,
      connection: { endpoint, credentials, maxAttempts: 2 },
      now: () => new Date(at),
    }),
  };
}

const count = async (it: AsyncIterable<unknown>) => {
  let n = 0;
  for await (const _ of it) n += 1;
  return n;
};

describe('runCollector', () => {
  it('stores one artifact and one ledger entry for an unchanged source, and a new one when it changes', async () => {
    const { deps, ledger, store } = await setup();

    const first = await runCollector(passwordPolicy, scope, deps('2026-03-01T00:00:00Z'));
    const second = await runCollector(passwordPolicy, scope, deps('2026-03-02T00:00:00Z'));
    expect(first).toMatchObject({ outcome: 'stored', ledgerIndex: 0 });
    expect(second).toMatchObject({ outcome: 'unchanged', sha256: first.sha256, key: first.key });
    expect(await count(store.list('aws-iam-password-policy'))).toBe(1);
    expect((await ledger.head()).treeSize).toBe(1);

    await new IAMClient(awsTestConfig()).send(
      new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 16 }),
    );
    const third = await runCollector(passwordPolicy, scope, deps('2026-03-03T00:00:00Z'));
    expect(third).toMatchObject({ outcome: 'stored', ledgerIndex: 1 });
    expect(third.sha256).not.toBe(first.sha256);
    expect(await count(store.list('aws-iam-password-policy'))).toBe(2);
    const entry = await ledger.get(third.sha256);
    expect(entry).toMatchObject({ index: 1, key: third.key, scope: 'account=123456789012,region=global' });
    // What was stored is exactly what was collected, readable and verified from the store.
    const back = await store.get(third.key, third.sha256);
    expect(back.envelope.data).toMatchObject({ present: true, policy: { minimumLength: 16 } });
  });

  it('records a failed collection in the artifact instead of throwing, and never as a pass', async () => {
    const { deps } = await setup();
    const broken = {
      ...passwordPolicy,
      collect: async () => ({ data: { present: 'yes' } as never }),
    };
    const r = await runCollector(broken, scope, deps('2026-03-04T00:00:00Z'));
    expect(r.outcome).toBe('stored');
    expect(r.envelope.data).toBeNull();
    expect(r.envelope.provenance.complete).toBe(false);
    expect(r.envelope.errors[0]).toMatchObject({ code: 'InvalidSourceData' });
    expect(r.envelope.errors[0]?.message).toMatch(/present/);
  });
});
