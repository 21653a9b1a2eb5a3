import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { createLogger } from '../../shared/logging/logger.js';
import { mapArtifact, type MapDeps } from '../../shared/mapping/map-artifact.js';
import type { Transition } from '../../shared/mapping/types.js';
import { buildMapDeps, parseMapperEnv } from './config.js';
import { parseEvidenceStored } from './event.js';

const logger = createLogger({ serviceName: 'flux-mapper' });

/** The mapper's logic with its dependencies injected: parse the event, map the artifact, return transitions. */
export function createMapperHandler(deps: () => MapDeps) {
  return async (event: unknown): Promise<{ transitions: readonly Transition[] }> => {
    const ref = parseEvidenceStored(event);
    const { results, transitions } = await mapArtifact(deps(), ref);
    logger.info('mapped artifact', {
      sha256: ref.sha256,
      collector: ref.collector,
      results: results.length,
      transitions: transitions.length,
    });
    return { transitions };
  };
}

let cached: MapDeps | undefined;
const depsFromEnv = () => (cached ??= buildMapDeps(parseMapperEnv(process.env)));

/** Lambda entry point: EvidenceStored event → control results, state updates and transitions. */
export const handler = middy(createMapperHandler(depsFromEnv)).use(injectLambdaContext(logger));
