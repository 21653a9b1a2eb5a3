import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { publishTransitions, type PublishDeps } from '../../shared/alerts/publish.js';
import { createLogger } from '../../shared/logging/logger.js';
import { AlertsEnvSchema, buildPublishDeps, parseEnv } from '../../shared/alerts/env.js';
import { parseAlertsInput } from './event.js';

const logger = createLogger({ serviceName: 'flux-alerts' });
const metrics = new Metrics({ namespace: 'FluxEvidence', serviceName: 'flux-alerts' });

/** Publishes each transition once (SNS, EventBridge, webhook) and counts what was sent. */
export function createAlertsHandler(deps: () => PublishDeps, m: Metrics = metrics) {
  return async (event: unknown) => {
    const transitions = parseAlertsInput(event);
    const outcomes = await publishTransitions(deps(), transitions);
    const sent = outcomes.filter((o) => o.status === 'sent');
    m.addMetric('AlertsSent', MetricUnit.Count, sent.length);
    logger.info('published transitions', {
      received: transitions.length,
      sent: sent.map((o) => o.key),
      skipped: outcomes.length - sent.length,
    });
    return { outcomes };
  };
}

let cached: PublishDeps | undefined;
const depsFromEnv = () => (cached ??= buildPublishDeps(parseEnv(AlertsEnvSchema, process.env)));

/** Lambda entry point: mapper transitions → alerts. */
export const handler = middy(createAlertsHandler(depsFromEnv))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
