import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { loadControls, loadFrameworks } from '../../frameworks/index.js';
import { createPresignClient } from '../../shared/access/presign.js';
import { FluxConfigSchema } from '../../shared/config/schema.js';
import { ConfigError, formatIssues } from '../../shared/errors.js';
import { queueAppender } from '../../shared/ledger/append-request.js';
import { DynamoLedger } from '../../shared/ledger/dynamo-ledger.js';
import { SqsAppendQueue } from '../../shared/ledger/sqs-append-queue.js';
import { S3BlobStore } from '../../shared/manual/blob-store.js';
import { awsEnv, jsonEnv } from '../env.js';
import type { UploadApiDeps } from './handler.js';

/** The upload API's environment (infra/constructs/manual-upload.ts sets it). */
const UploadEnvSchema = z.object({
  /** The ledger table, read only: approvals find the document they approve in the log. */
  TABLE_NAME: z.string().min(3),
  EVIDENCE_BUCKET: z.string().min(3),
  EVIDENCE_KEY_ARN: z.string().startsWith('arn:').optional(),
  /** The sequencer's append queue: the API's only way into the log (its role may not write log items). */
  APPEND_QUEUE_URL: z.url(),
  /** flux.config.json (at least `origin`, `auditors`, `retention`), as JSON. */
  FLUX_CONFIG: jsonEnv,
  ...awsEnv,
});

/** Parses the environment and builds the upload API's clients; throws ConfigError listing every bad key. */
export function buildUploadApiDeps(
  env: Record<string, string | undefined>,
  clock: () => Date = () => new Date(),
): UploadApiDeps {
  const r = UploadEnvSchema.safeParse(env);
  if (!r.success) throw new ConfigError(formatIssues(r.error.issues));
  const e = r.data;
  const c = FluxConfigSchema.safeParse(e.FLUX_CONFIG);
  if (!c.success) throw new ConfigError(formatIssues(c.error.issues).map((i) => `FLUX_CONFIG: ${i}`));
  const config = c.data;
  const conn = { region: e.AWS_REGION, ...(e.AWS_ENDPOINT_URL ? { endpoint: e.AWS_ENDPOINT_URL } : {}) };
  const s3 = new S3Client({ ...conn, forcePathStyle: !!e.AWS_ENDPOINT_URL });
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(conn));
  return {
    manual: {
      ledger: new DynamoLedger({ client: doc, tableName: e.TABLE_NAME, origin: config.origin }),
      appender: queueAppender(new SqsAppendQueue(new SQSClient(conn), e.APPEND_QUEUE_URL)),
      blobs: new S3BlobStore({
        s3,
        bucket: e.EVIDENCE_BUCKET,
        retention: config.retention,
        clock,
        ...(e.EVIDENCE_KEY_ARN ? { kmsKeyId: e.EVIDENCE_KEY_ARN } : {}),
      }),
      frameworks: loadFrameworks(),
      controls: loadControls(),
      clock,
    },
    presign: createPresignClient({ ...conn, forcePathStyle: !!e.AWS_ENDPOINT_URL }),
    bucket: e.EVIDENCE_BUCKET,
    auditors: config.auditors.map((a) => a.principalArn),
  };
}
