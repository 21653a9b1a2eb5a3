import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { getCollectorMeta } from '../../shared/collectors/meta-registry.js';
import { ValidationError, formatIssues } from '../../shared/errors.js';
import { createLogger } from '../../shared/logging/logger.js';
import { createMetrics, observed } from '../observability.js';
import { buildFanoutDeps, type FanoutDeps } from './deps.js';
import { enqueueUnits } from './enqueue.js';
import { planCollectorUnits } from './plan.js';
import { scheduleRunId } from '../../shared/ledger/coverage-plan.js';
import { scopeKey } from '../../shared/kernel/runner.js';

const logger = createLogger({ serviceName: 'flux-fanout' });
const metrics = createMetrics('flux-fanout');
/** What a schedule sends (infra/constructs/collector-worker.ts). */
export const ScheduleInputSchema = z.strictObject({ collector: z.string().min(1), queueUrl: z.url() });

/**
 * The fan-out logic with its dependencies injected: one collector's schedule → its units on its FIFO queue.
 * It reads collector metadata only (shared/collectors/meta-registry.ts), never collector code. With an evidence
 * bucket it first stores the run's plan (coverage-plan/<runId>.json) for the coverage attestation. Metric: UnitsEnqueued.
 */
export function createFanoutHandler(deps: () => FanoutDeps, m: Metrics = metrics) {
  return async (event: unknown): Promise<{ sent: number }> => {
    const input = ScheduleInputSchema.safeParse(event);
    if (!input.success) throw new ValidationError('schedule input', formatIssues(input.error.issues));
    const meta = getCollectorMeta(input.data.collector);
    if (!meta) throw new ValidationError('schedule input', [`collector: unknown id ${input.data.collector}`]);
    const d = deps();
    const requestedAt = d.now().toISOString();
    const units = await planCollectorUnits(meta, d.config, d.base, d.region, requestedAt);
    // The plan is stored before any unit is enqueued: a unit that never completes is then reported as missing.
    if (d.plans)
      await d.plans.put({
        runId: scheduleRunId(meta.id, requestedAt),
        plannedAt: requestedAt,
        units: units.map((u) => ({ collector: u.collector, scope: scopeKey(u.scope) })),
      });
    const { sent } = await enqueueUnits(d.sqs, input.data.queueUrl, units);
    m.addMetric('UnitsEnqueued', MetricUnit.Count, sent);
    logger.info('units enqueued', { collector: meta.id, units: units.length, sent });
    return { sent };
  };
}

let cached: FanoutDeps | undefined;
const depsFromEnv = () => (cached ??= buildFanoutDeps(process.env));

/** Lambda entry point (EventBridge Scheduler, one schedule per collector; the request id is the correlation id). */
export const handler = observed(createFanoutHandler(depsFromEnv), { logger, metrics });
