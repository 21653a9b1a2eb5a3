import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { scopeKey } from '../../shared/kernel/runner.js';
import type { BatchHooks } from './process.js';

/** Counts of one SQS batch, emitted once per invocation (zeros included, so alarms always see a data point). */
export interface BatchTally {
  CollectionsRun: number;
  ArtifactsStored: number;
  ArtifactsUnchanged: number;
  CollectionErrors: number;
}

/**
 * Logging and counting hooks for {@link processBatch}: each record's log lines carry its SQS messageId as
 * correlation id. A unit counts as a collection error when it threw or when its evidence recorded source errors
 * (`envelope.errors`, e.g. access denied); only error codes are logged, never the source's messages.
 */
export function batchTelemetry(logger: Logger): { hooks: BatchHooks; tally: BatchTally } {
  const tally: BatchTally = {
    CollectionsRun: 0,
    ArtifactsStored: 0,
    ArtifactsUnchanged: 0,
    CollectionErrors: 0,
  };
  const hooks: BatchHooks = {
    onStart: (record) => {
      logger.setCorrelationId(record.messageId);
      tally.CollectionsRun += 1;
    },
    onResult: (_record, r) => {
      tally[r.outcome === 'stored' ? 'ArtifactsStored' : 'ArtifactsUnchanged'] += 1;
      const errors = r.envelope.errors.map((e) => e.code);
      if (errors.length) tally.CollectionErrors += 1;
      logger.info('collection unit done', {
        scope: scopeKey(r.scope),
        outcome: r.outcome,
        sha256: r.sha256,
        requests: r.requests,
        errors,
      });
    },
    onError: (_record, error) => {
      tally.CollectionErrors += 1;
      logger.error('collection unit failed', { error: error as Error });
    },
  };
  return { hooks, tally };
}

/** Adds a batch's counts to the invocation's metrics. */
export function addTally(metrics: Metrics, tally: BatchTally): void {
  for (const [name, value] of Object.entries(tally)) metrics.addMetric(name, MetricUnit.Count, value);
}
