import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { createLogger } from '../../shared/logging/logger.js';
import { mapArtifact, type MapDeps } from '../../shared/mapping/map-artifact.js';
import type { Transition } from '../../shared/mapping/types.js';
import { createMetrics, eventBridgeId, observed } from '../observability.js';
import { buildMapDeps, parseMapperEnv } from './config.js';
import { addEvaluationResults } from './metrics.js';
import { parseEvidenceStored } from '../../shared/contracts/evidence-stored.js';

const logger = createLogger({ serviceName: 'flux-mapper' });
const metrics = createMetrics('flux-mapper');

/** Parses the event, maps the artifact, returns transitions; metrics EvaluationResults (by status), Transitions. */
export function createMapperHandler(deps: () => MapDeps, m: Metrics = metrics) {
  return async (event: unknown): Promise<{ transitions: readonly Transition[] }> => {
    const ref = parseEvidenceStored(event);
    const { results, transitions } = await mapArtifact(deps(), ref);
    addEvaluationResults(m, results);
    m.addMetric('Transitions', MetricUnit.Count, transitions.length);
    logger.info('mapped artifact', {
      sha256: ref.sha256,
      collector: ref.collector,
      results: results.length,
      transitions: transitions.map((t) => `${t.controlId}:${t.kind}`),
    });
    return { transitions };
  };
}

/** The mapper with its middlewares: the EventBridge event id is the correlation id of its log lines. */
export const createMapperFunction = (deps: () => MapDeps, m: Metrics = metrics) =>
  observed(createMapperHandler(deps, m), { logger, metrics: m, correlationId: eventBridgeId });

let cached: MapDeps | undefined;
/** Lambda entry point: EvidenceStored event → control results, state updates and transitions. */
export const handler = createMapperFunction(() => (cached ??= buildMapDeps(parseMapperEnv(process.env))));
