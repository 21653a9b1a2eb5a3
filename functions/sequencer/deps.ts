import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { ConfigError, formatIssues } from '../../shared/errors.js';
import { DynamoLedger } from '../../shared/ledger/dynamo-ledger.js';
import { s3CheckpointSink } from '../../shared/ledger/s3-checkpoint-sink.js';
import { KmsSigner } from '../../shared/ledger/signer.js';
import { SqsAppendQueue } from '../../shared/ledger/sqs-append-queue.js';
import { DEFAULT_MAX_ARTIFACT_BYTES } from '../../shared/evidence/artifact.js';
import { readStoredObject } from '../../shared/store/s3-read.js';
import { forkAlert, refusalAlert } from './ledger-alerts.js';

/** The sequencer's environment (infra/constructs/sequencer.ts). */
export const SequencerEnvSchema = z.object({
  TABLE_NAME: z.string().min(3),
  EVIDENCE_BUCKET: z.string().min(3),
  SIGNING_KEY_ARN: z.string().startsWith('arn:'),
  LEDGER_ORIGIN: z.string().min(3),
  RETENTION_MODE: z.enum(['COMPLIANCE', 'GOVERNANCE']),
  RETENTION_DAYS: z.coerce.number().int().positive(),
  /** The FIFO queue of append requests the collectors fill. */
  APPEND_QUEUE_URL: z.url(),
  /** Where `ledger-fork` and refused-request alerts go: the alerts topic and the Flux event bus. */
  ALERT_TOPIC_ARN: z.string().startsWith('arn:'),
  EVENT_BUS_NAME: z.string().min(1),
  AWS_REGION: z.string().min(1),
  AWS_ENDPOINT_URL: z.url().optional(),
});

/** Builds the ledger (with the locked S3 checkpoint sink), the KMS signer, the append queue and the alerts from the environment. */
export function buildSequencer(env: Record<string, string | undefined>) {
  const r = SequencerEnvSchema.safeParse(env);
  if (!r.success) throw new ConfigError(formatIssues(r.error.issues));
  const e = r.data;
  const conn = { region: e.AWS_REGION, ...(e.AWS_ENDPOINT_URL ? { endpoint: e.AWS_ENDPOINT_URL } : {}) };
  const s3 = new S3Client({ ...conn, forcePathStyle: !!e.AWS_ENDPOINT_URL });
  const channels = {
    sns: { client: new SNSClient(conn), topicArn: e.ALERT_TOPIC_ARN },
    events: { client: new EventBridgeClient(conn), busName: e.EVENT_BUS_NAME },
  };
  const ledger = new DynamoLedger({
    client: DynamoDBDocumentClient.from(new DynamoDBClient(conn)),
    tableName: e.TABLE_NAME,
    origin: e.LEDGER_ORIGIN,
    checkpointSink: s3CheckpointSink({
      client: s3,
      bucket: e.EVIDENCE_BUCKET,
      retention: { mode: e.RETENTION_MODE, days: e.RETENTION_DAYS },
    }),
  });
  return {
    ledger,
    signer: new KmsSigner(new KMSClient(conn), e.SIGNING_KEY_ARN),
    alert: forkAlert(channels),
    source: new SqsAppendQueue(new SQSClient(conn), e.APPEND_QUEUE_URL),
    readObject: (key: string) => readStoredObject(s3, e.EVIDENCE_BUCKET, key, DEFAULT_MAX_ARTIFACT_BYTES),
    refuse: refusalAlert(channels, () => new Date()),
  };
}

/** What the sequencer works with. */
export type SequencerDeps = ReturnType<typeof buildSequencer>;
