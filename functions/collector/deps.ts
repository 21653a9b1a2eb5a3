import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import * as z from 'zod';
import type { AwsConnection } from '../../shared/sources/aws/clients.js';
import { DynamoContentIndex } from '../../shared/kernel/content-index.js';
import type { RunDeps } from '../../shared/kernel/runner.js';
import type { Collector } from '../../shared/kernel/types.js';
import { FluxConfigSchema, type FluxConfig } from '../../shared/config/schema.js';
import { ConfigError, formatIssues } from '../../shared/errors.js';
import type { Scope } from '../../shared/evidence/envelope.js';
import { DynamoLedger } from '../../shared/ledger/dynamo-ledger.js';
import { LedgerEvidenceLoader } from '../../shared/store/ledger-evidence-loader.js';
import { queueAppender } from '../../shared/ledger/append-request.js';
import { SqsAppendQueue } from '../../shared/ledger/sqs-append-queue.js';
import { S3BlobStore } from '../../shared/manual/blob-store.js';
import { S3EvidenceStore } from '../../shared/store/s3-store.js';
import type { SourceBuilder, SourceExtras } from './sources/types.js';
import { awsEnv, jsonEnv } from '../env.js';

/** The collector function's environment (set by infra/constructs/collector-worker.ts). */
const CollectorEnvSchema = z.object({
  COLLECTOR_ID: z.string().min(1),
  TABLE_NAME: z.string().min(3),
  EVIDENCE_BUCKET: z.string().min(3),
  EVIDENCE_KEY_ARN: z.string().startsWith('arn:').optional(),
  EVENT_BUS_NAME: z.string().min(1),
  /** The sequencer's FIFO queue: collectors never write log items, they queue append requests. */
  APPEND_QUEUE_URL: z.url(),
  /** This collector's block of flux.config.json, as JSON. */
  FLUX_CONFIG: jsonEnv,
  /** snapshot-access-log only: where the evidence bucket's server access logs are delivered. */
  ACCESS_LOG_BUCKET: z.string().min(3).optional(),
  ACCESS_LOG_PREFIX: z.string().optional(),
  ...awsEnv,
});

export interface CollectorDeps {
  readonly collector: Collector;
  readonly config: FluxConfig;
  readonly store: RunDeps['store'];
  readonly ledger: RunDeps['ledger'];
  readonly index: RunDeps['index'];
  /** Where re-observations are stored (observation/ in the evidence bucket) before they are queued for the log. */
  readonly statements: NonNullable<RunDeps['statements']>;
  readonly events: EventBridgeClient;
  readonly busName: string;
  readonly secrets: SecretsManagerClient;
  /** The connection of the function's own account (no role assumed). */
  readonly base: AwsConnection;
  readonly region: string;
  /** The platform account, resolved once. */
  readonly selfAccount: () => Promise<string>;
  readonly now: () => Date;
  /** This collector's source clients for one run (functions/collector/sources/). */
  readonly extras: () => Promise<SourceExtras>;
}

/**
 * Parses the environment and builds the clients once per cold start for the function's one collector (its
 * entry passes it in; COLLECTOR_ID must name it); throws ConfigError listing every bad key.
 */
export function buildCollectorDeps(
  env: Record<string, string | undefined>,
  collector: Collector,
  source: SourceBuilder,
): CollectorDeps {
  const r = CollectorEnvSchema.safeParse(env);
  if (!r.success) throw new ConfigError(formatIssues(r.error.issues));
  const e = r.data;
  const parsedConfig = FluxConfigSchema.safeParse(e.FLUX_CONFIG);
  if (!parsedConfig.success)
    throw new ConfigError(formatIssues(parsedConfig.error.issues).map((i) => `FLUX_CONFIG: ${i}`));
  if (e.COLLECTOR_ID !== collector.meta.id)
    throw new ConfigError([
      `COLLECTOR_ID: ${e.COLLECTOR_ID} is not this function's collector ${collector.meta.id}`,
    ]);
  const config = parsedConfig.data;
  const conn = { region: e.AWS_REGION, ...(e.AWS_ENDPOINT_URL ? { endpoint: e.AWS_ENDPOINT_URL } : {}) };
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(conn));
  let self: Promise<string> | undefined;
  const secrets = new SecretsManagerClient(conn);
  const now = () => new Date();
  const s3 = new S3Client({ ...conn, forcePathStyle: !!e.AWS_ENDPOINT_URL });
  const encryption = e.EVIDENCE_KEY_ARN ? { kmsKeyId: e.EVIDENCE_KEY_ARN } : {};
  const store = new S3EvidenceStore({
    s3,
    bucket: e.EVIDENCE_BUCKET,
    ...encryption,
    retention: config.retention,
  });
  const statements = new S3BlobStore({
    s3,
    bucket: e.EVIDENCE_BUCKET,
    ...encryption,
    ...(config.retention ? { retention: config.retention } : {}),
  });
  const index = new DynamoContentIndex(doc, e.TABLE_NAME);
  const ledger = new DynamoLedger({ client: doc, tableName: e.TABLE_NAME, origin: config.origin });
  // The ledger, not the mapper's SCOPES# items, lists every stored artifact: a derived collector (the access
  // reconciliation) must see identity evidence the mapper has not processed yet.
  let loader: LedgerEvidenceLoader | undefined;
  const evidence = () => (loader ??= new LedgerEvidenceLoader({ ledger, index, store }));
  return {
    collector,
    config,
    store,
    ledger: queueAppender(new SqsAppendQueue(new SQSClient(conn), e.APPEND_QUEUE_URL)),
    index,
    statements,
    events: new EventBridgeClient(conn),
    busName: e.EVENT_BUS_NAME,
    secrets,
    base: { ...(e.AWS_ENDPOINT_URL ? { endpoint: e.AWS_ENDPOINT_URL, forcePathStyle: true } : {}) },
    region: e.AWS_REGION,
    selfAccount: () =>
      (self ??= new STSClient(conn).send(new GetCallerIdentityCommand({})).then((w) => w.Account ?? '')),
    now,
    extras: () =>
      source({
        collectorId: collector.meta.id,
        config,
        secrets,
        now,
        evidence,
        ...(e.ACCESS_LOG_BUCKET
          ? { accessLogs: { bucket: e.ACCESS_LOG_BUCKET, prefix: e.ACCESS_LOG_PREFIX ?? '' } }
          : {}),
      }),
  };
}

/**
 * One AssumeRole per unit: each SDK client memoizes its credentials on its own, so a run's clients (its STS identity
 * call, the collector's service clients) would each assume the member role. The session lasts an hour, longer than
 * a collector run (10 minutes); a failed attempt is not kept, so the next client tries again.
 */
function sharedCredentials(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let pending: Promise<AwsCredentialIdentity> | undefined;
  return () =>
    (pending ??= provider().catch((e: unknown) => {
      pending = undefined;
      throw e;
    }));
}

/** The connection for a scope: the function's own credentials at home, the member role (with ExternalId) elsewhere. */
export async function connectionFor(scope: Scope, deps: CollectorDeps): Promise<AwsConnection> {
  if (!scope.account || scope.account === (await deps.selfAccount())) return deps.base;
  const { memberRoleName, externalId } = deps.config.aws;
  return {
    ...deps.base,
    credentials: sharedCredentials(
      fromTemporaryCredentials({
        params: {
          RoleArn: `arn:aws:iam::${scope.account}:role/${memberRoleName}`,
          RoleSessionName: `flux-${deps.collector.meta.id}`.slice(0, 64),
          DurationSeconds: 3600,
          ...(externalId ? { ExternalId: externalId } : {}),
        },
        clientConfig: {
          region: deps.region,
          ...(deps.base.endpoint ? { endpoint: deps.base.endpoint } : {}),
        },
      }),
    ),
  };
}
