import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { createLogger } from '../../shared/logging/logger.js';
import { createMetrics, observed } from '../observability.js';
import { buildSequencer, type SequencerDeps } from './deps.js';
import { checkpointIfDue } from './sequence.js';

export { buildSequencer, SequencerEnvSchema, type SequencerDeps } from './deps.js';

const logger = createLogger({ serviceName: 'flux-sequencer' });
const metrics = createMetrics('flux-sequencer');

/** The sequencer's logic with its dependencies injected: sign a checkpoint when one is due (CheckpointsSigned). */
export function createSequencerHandler(
  deps: () => SequencerDeps,
  now: () => Date = () => new Date(),
  m: Metrics = metrics,
) {
  return async (): Promise<{ treeSize: number | undefined }> => {
    const { ledger, signer } = deps();
    const signed = await checkpointIfDue(ledger, signer, now());
    m.addMetric('CheckpointsSigned', MetricUnit.Count, signed ? 1 : 0);
    logger.info(signed ? 'checkpoint signed' : 'no checkpoint due', signed ? { ...signed.checkpoint } : {});
    return { treeSize: signed?.checkpoint.treeSize };
  };
}

let cached: SequencerDeps | undefined;
const depsFromEnv = () => (cached ??= buildSequencer(process.env));

/** Lambda entry point (EventBridge Scheduler, every 5 minutes; the request id is the correlation id). */
export const handler = observed(createSequencerHandler(depsFromEnv), { logger, metrics });
