import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { ConfigError, formatIssues } from '../../shared/errors.js';
import { DynamoLedger } from '../../shared/ledger/dynamo-ledger.js';
import { s3CheckpointSink } from '../../shared/ledger/s3-checkpoint-sink.js';
import { KmsSigner } from '../../shared/ledger/signer.js';
import { forkAlert } from './fork-alert.js';

/** The sequencer's environment (infra/constructs/sequencer.ts). */
export const SequencerEnvSchema = z.object({
  TABLE_NAME: z.string().min(3),
  EVIDENCE_BUCKET: z.string().min(3),
  SIGNING_KEY_ARN: z.string().startsWith('arn:'),
  LEDGER_ORIGIN: z.string().min(3),
  RETENTION_MODE: z.enum(['COMPLIANCE', 'GOVERNANCE']),
  RETENTION_DAYS: z.coerce.number().int().positive(),
  /** Where a `ledger-fork` alert goes: the alerts topic and the Flux event bus. */
  ALERT_TOPIC_ARN: z.string().startsWith('arn:'),
  EVENT_BUS_NAME: z.string().min(1),
  AWS_REGION: z.string().min(1),
  AWS_ENDPOINT_URL: z.url().optional(),
});

/** Builds the ledger (with the locked S3 checkpoint sink), the KMS signer and the fork alert from the environment. */
export function buildSequencer(env: Record<string, string | undefined>) {
  const r = SequencerEnvSchema.safeParse(env);
  if (!r.success) throw new ConfigError(formatIssues(r.error.issues));
  const e = r.data;
  const conn = { region: e.AWS_REGION, ...(e.AWS_ENDPOINT_URL ? { endpoint: e.AWS_ENDPOINT_URL } : {}) };
  const ledger = new DynamoLedger({
    client: DynamoDBDocumentClient.from(new DynamoDBClient(conn)),
    tableName: e.TABLE_NAME,
    origin: e.LEDGER_ORIGIN,
    checkpointSink: s3CheckpointSink({
      client: new S3Client({ ...conn, forcePathStyle: !!e.AWS_ENDPOINT_URL }),
      bucket: e.EVIDENCE_BUCKET,
      retention: { mode: e.RETENTION_MODE, days: e.RETENTION_DAYS },
    }),
  });
  return {
    ledger,
    signer: new KmsSigner(new KMSClient(conn), e.SIGNING_KEY_ARN),
    alert: forkAlert({
      sns: { client: new SNSClient(conn), topicArn: e.ALERT_TOPIC_ARN },
      events: { client: new EventBridgeClient(conn), busName: e.EVENT_BUS_NAME },
    }),
  };
}

/** The ledger, signer and fork alert the sequencer works with. */
export type SequencerDeps = ReturnType<typeof buildSequencer>;
