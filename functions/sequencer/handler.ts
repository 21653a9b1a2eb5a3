import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { ConfigError, formatIssues } from '../../shared/errors.js';
import { DynamoLedger } from '../../shared/ledger/dynamo-ledger.js';
import { s3CheckpointSink } from '../../shared/ledger/s3-checkpoint-sink.js';
import { KmsSigner } from '../../shared/ledger/signer.js';
import { createLogger } from '../../shared/logging/logger.js';
import { checkpointIfDue } from './sequence.js';

const logger = createLogger({ serviceName: 'flux-sequencer' });

/** The sequencer's environment (infra/constructs/sequencer.ts). */
export const SequencerEnvSchema = z.object({
  TABLE_NAME: z.string().min(3),
  EVIDENCE_BUCKET: z.string().min(3),
  SIGNING_KEY_ARN: z.string().startsWith('arn:'),
  LEDGER_ORIGIN: z.string().min(3),
  RETENTION_MODE: z.enum(['COMPLIANCE', 'GOVERNANCE']),
  RETENTION_DAYS: z.coerce.number().int().positive(),
  AWS_REGION: z.string().min(1),
  AWS_ENDPOINT_URL: z.url().optional(),
});

/** Builds the ledger (with the locked S3 checkpoint sink) and the KMS signer from the environment. */
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
  return { ledger, signer: new KmsSigner(new KMSClient(conn), e.SIGNING_KEY_ARN) };
}

type SequencerDeps = ReturnType<typeof buildSequencer>;

/** The sequencer's logic with its dependencies injected: sign a checkpoint when one is due. */
export function createSequencerHandler(deps: () => SequencerDeps, now: () => Date = () => new Date()) {
  return async (): Promise<{ treeSize: number | undefined }> => {
    const { ledger, signer } = deps();
    const signed = await checkpointIfDue(ledger, signer, now());
    logger.info(signed ? 'checkpoint signed' : 'no checkpoint due', signed ? { ...signed.checkpoint } : {});
    return { treeSize: signed?.checkpoint.treeSize };
  };
}

let cached: SequencerDeps | undefined;
const depsFromEnv = () => (cached ??= buildSequencer(process.env));

/** Lambda entry point (EventBridge Scheduler, every 5 minutes): sign a checkpoint when one is due. */
export const handler = middy(createSequencerHandler(depsFromEnv)).use(injectLambdaContext(logger));
