import * as z from 'zod';
import { loadControls } from '../../frameworks/index.js';
import { buildDeploymentDeps } from '../../shared/access/deployment.js';
import { SQSClient } from '@aws-sdk/client-sqs';
import { sqsBuildQueue, type SnapshotApiDeps } from '../../shared/access/snapshot-jobs.js';
import { FluxConfigSchema } from '../../shared/config/schema.js';
import { ConfigError, formatIssues } from '../../shared/errors.js';
import { jsonEnv } from '../env.js';

const json = jsonEnv;

/**
 * Most distinct artifacts one snapshot built by the API may cite: the measured ceiling of one Lambda invocation
 * (15 minutes, 2,048 MB; docs/AUDITOR-ACCESS.md "How large a snapshot the API builds"). Larger windows are
 * refused with 413 before anything is written.
 */
const MAX_ARTIFACTS = 15_000;

/** The snapshot API's environment (set by infra). */
const SnapshotApiEnvSchema = z.object({
  TABLE_NAME: z.string().min(3),
  EVIDENCE_BUCKET: z.string().min(3),
  EVIDENCE_KEY_ARN: z.string().startsWith('arn:').optional(),
  SIGNING_KEY_ARN: z.string().min(1),
  ACCOUNT_ID: z.string().regex(/^\d{12}$/),
  /** flux.config.json (at least `origin`, `auditors`, `operators`, `retention`), as JSON. */
  FLUX_CONFIG: json,
  TOOL_VERSION: z.string().min(1).default('0.1.0'),
  /** Lower the ceiling (never raise it past what was measured). */
  MAX_SNAPSHOT_ARTIFACTS: z.coerce.number().int().min(1).max(MAX_ARTIFACTS).default(MAX_ARTIFACTS),
  /**
   * The sequencer's append queue, the deployed API's only way into the log (infra always sets it; its role may not
   * write log items). Absent in local runs, where issuances are appended to the ledger directly.
   */
  APPEND_QUEUE_URL: z.url().optional(),
  /**
   * The build queue this function consumes (infra always sets it): POST /snapshots answers 202 and queues the build,
   * which outlasts API Gateway's 30-second limit. Absent in local runs, where the request builds the snapshot.
   */
  BUILD_QUEUE_URL: z.url().optional(),
  AWS_REGION: z.string().min(1),
  /** Local runs against the emulator only. */
  AWS_ENDPOINT_URL: z.url().optional(),
});

/** Parses the environment and builds the service's clients; throws ConfigError listing every bad key. */
export function buildSnapshotApiDeps(
  env: Record<string, string | undefined>,
  now: () => Date = () => new Date(),
): SnapshotApiDeps {
  const r = SnapshotApiEnvSchema.safeParse(env);
  if (!r.success) throw new ConfigError(formatIssues(r.error.issues));
  const e = r.data;
  const c = FluxConfigSchema.safeParse(e.FLUX_CONFIG);
  if (!c.success) throw new ConfigError(formatIssues(c.error.issues).map((i) => `FLUX_CONFIG: ${i}`));
  const config = c.data;
  const deps = buildDeploymentDeps({
    region: e.AWS_REGION,
    ...(e.AWS_ENDPOINT_URL ? { endpoint: e.AWS_ENDPOINT_URL } : {}),
    accountId: e.ACCOUNT_ID,
    bucket: e.EVIDENCE_BUCKET,
    table: e.TABLE_NAME,
    signingKeyArn: e.SIGNING_KEY_ARN,
    ...(e.EVIDENCE_KEY_ARN ? { evidenceKeyArn: e.EVIDENCE_KEY_ARN } : {}),
    origin: config.origin,
    auditors: config.auditors,
    operators: config.operators,
    retention: config.retention,
    controls: loadControls(),
    exclusions: config.exclusions,
    toolVersion: e.TOOL_VERSION,
    ...(e.APPEND_QUEUE_URL ? { appendQueueUrl: e.APPEND_QUEUE_URL } : {}),
    now,
  });
  const sqs = () =>
    new SQSClient({ region: e.AWS_REGION, ...(e.AWS_ENDPOINT_URL ? { endpoint: e.AWS_ENDPOINT_URL } : {}) });
  return {
    ...deps,
    maxArtifacts: e.MAX_SNAPSHOT_ARTIFACTS,
    ...(e.BUILD_QUEUE_URL ? { buildQueue: sqsBuildQueue(sqs(), e.BUILD_QUEUE_URL) } : {}),
  };
}
