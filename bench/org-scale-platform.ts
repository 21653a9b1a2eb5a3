// The deployed plumbing of one Flux Evidence installation on the emulator, for the org-scale benchmark and its
// CI-sized test: evidence bucket (Object Lock), ledger table, append queue, event bus, alerts topic, the
// sequencer's signing key, one FIFO work queue (+ dead-letter queue) per collector, and member accounts seeded
// with a few resources each. Settings mirror infra/constructs/collector-worker.ts except the visibility timeout,
// which is seconds instead of 15 minutes so that failed units come back (and reach the DLQ) within a run.
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { COLLECTOR_UNIT_MAX_RECEIVES } from '../infra/constructs/collector-limits.js';
import { startMoto, type MotoServer } from '../shared/emulator/moto-server.js';
import { createLedgerTable } from '../shared/ledger/dynamo-schema.js';
import { ensureEvidenceBucket } from '../shared/store/evidence-bucket.js';

/** 17 commercial regions (the count a default-enabled AWS account has). */
export const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
] as const;

export const MEMBER_ROLE = 'FluxEvidenceMemberRead';
export const HOME_REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/**
 * A moto server for hundreds of accounts. The project's default (MOTO_IAM_LOAD_MANAGED_POLICIES=true) copies the
 * ~1,200 AWS managed policies into each account's IAM state when the account is first used, about 20 MB and
 * seconds per account in the emulator; the collectors measured here never read managed policies, so it is off.
 * The sequencer's batched transactions need the ledger-batch benchmark's patch (bench/fixtures/
 * moto-perf: moto deep-copies the whole table once per transaction item, real DynamoDB does not).
 */
export function startOrgMoto(): Promise<MotoServer> {
  return startMoto({
    root: process.cwd(),
    env: {
      MOTO_IAM_LOAD_MANAGED_POLICIES: 'false',
      PYTHONPATH: join(process.cwd(), 'bench/fixtures/moto-perf'),
    },
  });
}

/** Member account ids 2000000000NN (never the platform account). */
export function memberAccounts(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(200_000_000_000 + i + 1));
}

export interface OrgPlatform {
  readonly name: string;
  readonly endpoint: string;
  readonly bucket: string;
  readonly table: string;
  readonly appendQueueUrl: string;
  readonly busName: string;
  readonly topicArn: string;
  readonly signingKeyArn: string;
  /** Per collector: its FIFO work queue and its dead-letter queue. */
  readonly queues: Readonly<Record<string, { url: string; dlq: string }>>;
}

const conn = (endpoint: string, region = HOME_REGION) => ({ endpoint, region, credentials: CREDENTIALS });

async function fifo(sqs: SQSClient, name: string, attributes: Record<string, string> = {}) {
  const out = await sqs.send(
    new CreateQueueCommand({ QueueName: `${name}.fifo`, Attributes: { FifoQueue: 'true', ...attributes } }),
  );
  return out.QueueUrl!;
}

/** Creates the platform's resources under `name` (unique per run) in the platform account. */
export async function createOrgPlatform(
  endpoint: string,
  name: string,
  collectors: readonly string[],
  visibilitySeconds: number,
): Promise<OrgPlatform> {
  const c = conn(endpoint);
  const sqs = new SQSClient(c);
  const bucket = `${name}-evidence`;
  const table = `${name}-ledger`;
  await ensureEvidenceBucket(new S3Client({ ...c, forcePathStyle: true }), bucket, {
    objectLock: { days: 1 },
  });
  await createLedgerTable(new DynamoDBClient(c), table);
  // The deployed visibility timeout (infra/constructs/sequencer.ts): a drain round is never received twice.
  const appendQueueUrl = await fifo(sqs, `${name}-appends`, { VisibilityTimeout: '360' });
  const busName = `${name}-bus`;
  await new EventBridgeClient(c).send(new CreateEventBusCommand({ Name: busName }));
  const { TopicArn } = await new SNSClient(c).send(new CreateTopicCommand({ Name: `${name}-alerts` }));
  const key = await new KMSClient(c).send(
    new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
  );
  const queues: Record<string, { url: string; dlq: string }> = {};
  for (const id of collectors) {
    const dlq = await fifo(sqs, `${name}-${id}-dlq`);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }),
    );
    const url = await fifo(sqs, `${name}-${id}`, {
      ContentBasedDeduplication: 'true',
      VisibilityTimeout: String(visibilitySeconds),
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: Attributes!.QueueArn,
        maxReceiveCount: COLLECTOR_UNIT_MAX_RECEIVES,
      }),
    });
    queues[id] = { url, dlq };
  }
  return {
    name,
    endpoint,
    bucket,
    table,
    appendQueueUrl,
    busName,
    topicArn: TopicArn!,
    signingKeyArn: key.KeyMetadata!.Arn!,
    queues,
  };
}

/**
 * Seeds each member account with a reduced resource set: one customer managed KMS key in the home region and
 * a password policy (every other region has no customer key: its KMS unit lists an empty region). Reached the
 * way the product reaches a member account, through STS AssumeRole of the member role (moto keys the returned
 * credentials' state by the role ARN's account).
 */
export async function seedMemberAccounts(endpoint: string, accounts: readonly string[]): Promise<void> {
  const sts = new STSClient(conn(endpoint));
  const seedOne = async (account: string) => {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/${MEMBER_ROLE}`,
        RoleSessionName: 'org-scale-seed',
      }),
    );
    const cr = out.Credentials!;
    const credentials = {
      accessKeyId: cr.AccessKeyId!,
      secretAccessKey: cr.SecretAccessKey!,
      sessionToken: cr.SessionToken!,
    };
    await new KMSClient({ ...conn(endpoint), credentials }).send(
      new CreateKeyCommand({ Description: `app data ${account}`, KeySpec: 'SYMMETRIC_DEFAULT' }),
    );
    await new IAMClient({ ...conn(endpoint), credentials }).send(
      new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14, RequireSymbols: true }),
    );
  };
  for (let i = 0; i < accounts.length; i += 8) await Promise.all(accounts.slice(i, i + 8).map(seedOne));
}
