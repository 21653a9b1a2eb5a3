import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { FluxConfigSchema } from '../../shared/config/schema.js';
import { ConfigError, formatIssues } from '../../shared/errors.js';
import { DynamoContentIndex } from '../../shared/kernel/content-index.js';
import { resolveAccounts } from '../../shared/kernel/plan.js';
import { queueAppender } from '../../shared/ledger/append-request.js';
import { SqsAppendQueue } from '../../shared/ledger/sqs-append-queue.js';
import { S3EvidenceStore } from '../../shared/store/s3-store.js';
import { awsEnv, jsonEnv } from '../env.js';
import type { DropDeps } from './drop.js';

/** The drop function's environment (set by infra/constructs/prowler-drop.ts). */
const DropEnvSchema = z.object({
  TABLE_NAME: z.string().min(3),
  EVIDENCE_BUCKET: z.string().min(3),
  EVIDENCE_KEY_ARN: z.string().startsWith('arn:').optional(),
  /** The sequencer's FIFO queue: the function never writes log items, it queues the append request. */
  APPEND_QUEUE_URL: z.url(),
  /** The configuration's `aws`, `origin` and `retention` blocks, as JSON. */
  FLUX_CONFIG: jsonEnv,
  ...awsEnv,
});

/** Parses the environment and builds the clients once per cold start; throws ConfigError listing every bad key. */
export function buildDropDeps(env: Record<string, string | undefined>): DropDeps {
  const r = DropEnvSchema.safeParse(env);
  if (!r.success) throw new ConfigError(formatIssues(r.error.issues));
  const e = r.data;
  const parsed = FluxConfigSchema.safeParse(e.FLUX_CONFIG);
  if (!parsed.success)
    throw new ConfigError(formatIssues(parsed.error.issues).map((i) => `FLUX_CONFIG: ${i}`));
  const config = parsed.data;
  const local = e.AWS_ENDPOINT_URL ? { endpoint: e.AWS_ENDPOINT_URL } : {};
  const conn = { region: e.AWS_REGION, ...local };
  const s3 = new S3Client({ ...conn, forcePathStyle: !!e.AWS_ENDPOINT_URL });
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(conn));
  let accounts: Promise<readonly string[]> | undefined;
  return {
    s3,
    store: new S3EvidenceStore({
      s3,
      bucket: e.EVIDENCE_BUCKET,
      ...(e.EVIDENCE_KEY_ARN ? { kmsKeyId: e.EVIDENCE_KEY_ARN } : {}),
      retention: config.retention,
    }),
    ledger: queueAppender(new SqsAppendQueue(new SQSClient(conn), e.APPEND_QUEUE_URL)),
    index: new DynamoContentIndex(doc, e.TABLE_NAME),
    now: () => new Date(),
    // A scan of any account outside the configuration is refused, as by the CLI (organization mode lists them).
    accounts: () =>
      (accounts ??= resolveAccounts(
        config.aws,
        local.endpoint ? { ...local, forcePathStyle: true } : {},
        e.AWS_REGION,
      ).then((list) => list.map((a) => a.account))),
  };
}
