import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { loadControls } from '../../frameworks/index.js';
import type { GapCheckDeps } from '../../shared/alerts/evidence-gap.js';
import { GapStore } from '../../shared/alerts/gap-store.js';
import { publishTransition, type PublishOutcome } from '../../shared/alerts/publish.js';
import { DynamoLedger } from '../../shared/ledger/dynamo-ledger.js';
import { S3BlobStore } from '../../shared/manual/blob-store.js';
import { checkManualExpiry } from '../../shared/manual/expiry.js';
import { DynamoContentIndex } from '../../shared/kernel/content-index.js';
import { collectorMetas, getCollectorMeta } from '../../shared/collectors/meta-registry.js';
import { IndexedEvidenceLoader } from '../../shared/mapping/evidence-loader.js';
import { DynamoResultsStore } from '../../shared/mapping/results-store.js';
import { S3EvidenceStore } from '../../shared/store/s3-store.js';
import { rules, rulesForCollectors } from '../../shared/rules/registry.js';
import { AlertsEnvSchema, buildPublishDeps, type AlertsEnv } from '../../shared/alerts/env.js';
import { collectorIdsEnv } from '../env.js';
import { closeCoverage, CoverageCloseStore } from '../../shared/alerts/coverage-close.js';
import type { CoverageCloseOutcome } from '../../shared/alerts/coverage-close.js';
import { queueAppender } from '../../shared/ledger/append-request.js';
import { S3CoveragePlans } from '../../shared/ledger/coverage-plan.js';
import { SqsAppendQueue } from '../../shared/ledger/sqs-append-queue.js';
import { controlsReading } from '../../shared/mapping/map-artifact.js';

/** The evidence-gap check's environment: the alerts settings plus the collectors that are scheduled. */
export const GapEnvSchema = AlertsEnvSchema.extend({
  /** Enabled collector ids, comma-separated; every registered collector when absent. */
  ENABLED_COLLECTORS: collectorIdsEnv.optional(),
  /**
   * The evidence bucket: when set (with read access to it), the check re-evaluates the controls a stopped collector
   * feeds, so their stored state turns UNKNOWN at once instead of keeping its last value until new evidence arrives.
   * With LEDGER_ORIGIN too, each run also announces manual evidence and exception dates (needs read access to the
   * bucket's manual/, approval/ and exception/ prefixes).
   */
  EVIDENCE_BUCKET: z.string().min(3).optional(),
  LEDGER_ORIGIN: z.string().min(1).optional(),
  /**
   * The sequencer's append queue: with EVIDENCE_BUCKET, each run also closes the schedule runs planned more than
   * two hours ago (coverage-plan/), storing their coverage statements under coverage/ and queueing them for the log.
   */
  APPEND_QUEUE_URL: z.url().optional(),
  /** The evidence bucket's KMS key, for the coverage statements it stores. */
  EVIDENCE_KEY_ARN: z.string().min(1).optional(),
});
export type GapEnv = z.infer<typeof GapEnvSchema>;

/** The check's dependencies, with the manual-evidence date check when it is configured. */
export type GapHandlerDeps = GapCheckDeps & {
  readonly manualExpiry?: () => Promise<PublishOutcome[]>;
  readonly coverage?: () => Promise<CoverageCloseOutcome>;
};

/** Builds the check's dependencies: the gap and content index in the ledger table, and the alert channels. */
export function buildGapDeps(env: GapEnv): GapHandlerDeps {
  const publishDeps = buildPublishDeps(env as AlertsEnv);
  const enabled = collectorMetas.filter(
    (m) => !env.ENABLED_COLLECTORS || env.ENABLED_COLLECTORS.includes(m.id),
  );
  const doc = publishDeps.doc;
  const s3 = () =>
    new S3Client({
      region: env.AWS_REGION,
      ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL, forcePathStyle: true } : {}),
    });
  const index = new DynamoContentIndex(doc, env.TABLE_NAME);
  const states = env.EVIDENCE_BUCKET
    ? {
        evidence: new IndexedEvidenceLoader({
          doc,
          tableName: env.TABLE_NAME,
          index,
          store: new S3EvidenceStore({
            s3: new S3Client({
              region: env.AWS_REGION,
              ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL, forcePathStyle: true } : {}),
            }),
            bucket: env.EVIDENCE_BUCKET,
          }),
        }),
        results: new DynamoResultsStore(doc, env.TABLE_NAME),
        ttlHoursOf: (id: string) => getCollectorMeta(id)?.ttlHours,
      }
    : undefined;
  return {
    gaps: new GapStore(publishDeps.doc, env.TABLE_NAME),
    index,
    collectors: enabled.map((m) => ({ id: m.id, ttlHours: m.ttlHours })),
    controls: loadControls(),
    rules: rulesForCollectors(
      rules,
      enabled.map((m) => m.id),
    ),
    ...(states ? { states } : {}),
    publish: (t) => publishTransition(publishDeps, t),
    now: () => new Date(),
    ...(env.EVIDENCE_BUCKET && env.LEDGER_ORIGIN
      ? {
          manualExpiry: () =>
            checkManualExpiry({
              ledger: new DynamoLedger({
                client: publishDeps.doc,
                tableName: env.TABLE_NAME,
                origin: env.LEDGER_ORIGIN!,
              }),
              blobs: new S3BlobStore({
                s3: new S3Client({
                  region: env.AWS_REGION,
                  ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL, forcePathStyle: true } : {}),
                }),
                bucket: env.EVIDENCE_BUCKET!,
              }),
              publish: (t) => publishTransition(publishDeps, t),
              now: () => new Date(),
            }),
        }
      : {}),
    ...(env.EVIDENCE_BUCKET && env.APPEND_QUEUE_URL
      ? {
          coverage: () =>
            closeCoverage({
              plans: new S3CoveragePlans(s3(), env.EVIDENCE_BUCKET!),
              closedRuns: new CoverageCloseStore(doc, env.TABLE_NAME),
              index,
              statements: new S3BlobStore({
                s3: s3(),
                bucket: env.EVIDENCE_BUCKET!,
                ...(env.EVIDENCE_KEY_ARN ? { kmsKeyId: env.EVIDENCE_KEY_ARN } : {}),
              }),
              ledger: queueAppender(
                new SqsAppendQueue(
                  new SQSClient({
                    region: env.AWS_REGION,
                    ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {}),
                  }),
                  env.APPEND_QUEUE_URL!,
                ),
              ),
              publish: (t) => publishTransition(publishDeps, t),
              alertFacts: (collector) => ({
                ttlHours: getCollectorMeta(collector)?.ttlHours ?? 0,
                controlIds: controlsReading(collector, loadControls(), rules).map((c) => c.id),
              }),
              now: () => new Date(),
            }),
        }
      : {}),
  };
}
