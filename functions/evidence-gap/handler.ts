import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { checkEvidenceGaps } from '../../shared/alerts/evidence-gap.js';
import { ValidationError, formatIssues } from '../../shared/errors.js';
import { createLogger } from '../../shared/logging/logger.js';
import { parseEnv } from '../../shared/alerts/env.js';
import { buildGapDeps, GapEnvSchema, type GapHandlerDeps } from './config.js';

const logger = createLogger({ serviceName: 'flux-evidence-gap' });
const metrics = new Metrics({ namespace: 'FluxEvidence', serviceName: 'flux-evidence-gap' });
// Scheduler payloads carry nothing the check needs: any object is accepted.
const ScheduledInput = z.looseObject({});
/**
 * Runs the evidence-gap check, then (when configured) the manual evidence and exception date check, and reports
 * open gaps and announcements as metrics; with the append queue, it also closes finished schedule runs with a
 * coverage statement and alerts on each planned unit that did not complete.
 */
export function createGapHandler(deps: () => GapHandlerDeps, m: Metrics = metrics) {
  return async (event: unknown) => {
    const parsed = ScheduledInput.safeParse(event ?? {});
    if (!parsed.success) throw new ValidationError('scheduled event', formatIssues(parsed.error.issues));
    const d = deps();
    const out = await checkEvidenceGaps(d);
    const manual = d.manualExpiry ? await d.manualExpiry() : undefined;
    const manualSent = (manual ?? []).filter((o) => o.status === 'sent');
    const coverage = d.coverage ? await d.coverage() : undefined;
    if (coverage) m.addMetric('CoverageUnitsMissing', MetricUnit.Count, coverage.announced.length);
    for (const bad of coverage?.unreadable ?? []) logger.error('coverage plan unreadable', { plan: bad });
    if (manual) m.addMetric('ManualAlertsSent', MetricUnit.Count, manualSent.length);
    m.addMetric('EvidenceGapsOpen', MetricUnit.Count, out.open.length);
    m.addMetric('AlertsSent', MetricUnit.Count, out.announced.length);
    logger.info('checked evidence gaps', {
      checked: out.checked,
      open: out.open.map((g) => `${g.collector}#${g.scope}`),
      announced: out.announced.map((g) => `${g.kind}:${g.collector}#${g.scope}`),
      ...(manual ? { manualAnnounced: manualSent.map((o) => o.key) } : {}),
      ...(coverage
        ? {
            coverageClosed: coverage.closed.map((c) => c.statement.runId),
            coverageMissing: coverage.announced,
          }
        : {}),
    });
    return {
      checked: out.checked,
      open: out.open.length,
      announced: out.announced.length,
      ...(manual ? { manualAnnounced: manualSent.length } : {}),
      ...(coverage
        ? { coverageClosed: coverage.closed.length, coverageMissing: coverage.announced.length }
        : {}),
    };
  };
}

let cached: GapHandlerDeps | undefined;
const depsFromEnv = () => (cached ??= buildGapDeps(parseEnv(GapEnvSchema, process.env)));

/** Lambda entry point (scheduled). */
export const handler = middy(createGapHandler(depsFromEnv))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
