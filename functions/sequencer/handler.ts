import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { createLogger } from '../../shared/logging/logger.js';
import { createMetrics, observed } from '../observability.js';
import { buildSequencer, type SequencerDeps } from './deps.js';
import { drainAppends } from './drain.js';
import { sequence } from './sequence.js';

export { buildSequencer, SequencerEnvSchema, type SequencerDeps } from './deps.js';

const logger = createLogger({ serviceName: 'flux-sequencer' });
const metrics = createMetrics('flux-sequencer');

/**
 * The sequencer's logic with its dependencies injected: append the queued requests (LeavesAppended,
 * AppendsRefused), then sign a checkpoint when one is due (CheckpointsSigned), or refuse and alert when the head
 * does not extend the last signed checkpoint (LedgerForks).
 */
export function createSequencerHandler(
  deps: () => SequencerDeps,
  now: () => Date = () => new Date(),
  m: Metrics = metrics,
) {
  return async (): Promise<{
    treeSize: number | undefined;
    fork?: boolean;
    appended?: number;
    refused?: number;
  }> => {
    const { ledger, signer, alert, source, readObject, refuse } = deps();
    const drained = await drainAppends({ source, ledger, readObject, refuse });
    m.addMetric('LeavesAppended', MetricUnit.Count, drained.appended);
    m.addMetric('AppendsRefused', MetricUnit.Count, drained.refused.length);
    for (const r of drained.refused) logger.error('append request refused', { ...r });
    const counts =
      drained.received > 0 ? { appended: drained.appended, refused: drained.refused.length } : {};
    const out = await sequence(ledger, signer, now(), alert);
    m.addMetric('CheckpointsSigned', MetricUnit.Count, out.status === 'signed' ? 1 : 0);
    m.addMetric('LedgerForks', MetricUnit.Count, out.status === 'fork' ? 1 : 0);
    if (out.status === 'fork') {
      logger.error('ledger fork: signing refused', { ...out.fork });
      return { treeSize: undefined, fork: true, ...counts };
    }
    if (out.status === 'signed') logger.info('checkpoint signed', { ...out.signed.checkpoint });
    else if ((await ledger.anchor(out.latest)) === 'written')
      logger.warn('the latest checkpoint had no locked copy; stored it now');
    else logger.info('no checkpoint due');
    return { treeSize: out.status === 'signed' ? out.signed.checkpoint.treeSize : undefined, ...counts };
  };
}

let cached: SequencerDeps | undefined;
const depsFromEnv = () => (cached ??= buildSequencer(process.env));

/** Lambda entry point (EventBridge Scheduler, every 5 minutes; the request id is the correlation id). */
export const handler = observed(createSequencerHandler(depsFromEnv), { logger, metrics });
