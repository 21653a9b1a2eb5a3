import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Collector } from '../../shared/kernel/types.js';
import { createLogger } from '../../shared/logging/logger.js';
import { createMetrics, observed } from '../observability.js';
import { buildCollectorDeps, type CollectorDeps } from './deps.js';
import { processBatch } from './process.js';
import type { SourceBuilder } from './sources/types.js';
import { addTally, batchTelemetry } from './telemetry.js';

/**
 * The Lambda handler of one collector's function: an SQS batch of collection units → evidence, ledger entries,
 * EvidenceStored events. Each collector has its own generated entry (functions/collector/entries/<id>.ts) that
 * calls this with its collector and source, so the bundle holds that collector only. Clients are built from
 * `env` on the first invocation and reused. Metrics: CollectionsRun, ArtifactsStored, ArtifactsUnchanged,
 * CollectionErrors (dimensions `service`, `collector`); each record's log lines carry its messageId.
 */
export function createCollectorHandler(
  collector: Collector,
  source: SourceBuilder,
  env: Record<string, string | undefined> = process.env,
  metrics: Metrics = createMetrics('flux-collector', { collector: collector.meta.id }),
) {
  const logger = createLogger({
    serviceName: 'flux-collector',
    persistentKeys: { collector: collector.meta.id },
  });
  let cached: CollectorDeps | undefined;
  const deps = () => (cached ??= buildCollectorDeps(env, collector, source));
  return observed(
    async (event: SQSEvent): Promise<SQSBatchResponse> => {
      const { hooks, tally } = batchTelemetry(logger);
      const out = await processBatch(event.Records, deps(), hooks);
      addTally(metrics, tally);
      return out;
    },
    { logger, metrics, correlationId: (e) => e.Records?.[0]?.messageId },
  );
}
