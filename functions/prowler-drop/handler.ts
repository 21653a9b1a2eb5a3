import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { createLogger } from '../../shared/logging/logger.js';
import { createMetrics, eventBridgeId, observed } from '../observability.js';
import { buildDropDeps } from './deps.js';
import { ingestDroppedFile, type DropDeps, type DropResult } from './drop.js';

/**
 * The Prowler drop function: an S3 "Object Created" event (EventBridge) for `ingest/prowler/` in the drop bucket
 * → the same ingest as `flux-evidence ingest prowler`. A refused file is logged at ERROR with every reason and
 * counted (metric ProwlerScansRefused, which the construct alarms on); nothing is stored for it. Metrics:
 * ProwlerScansStored, ProwlerScansUnchanged, ProwlerScansRefused.
 */
export function createDropHandler(deps: () => DropDeps, metrics = createMetrics('flux-prowler-drop')) {
  const logger = createLogger({ serviceName: 'flux-prowler-drop' });
  return observed(
    async (event: unknown): Promise<DropResult> => {
      const r = await ingestDroppedFile(event, deps());
      const name = { stored: 'Stored', unchanged: 'Unchanged', refused: 'Refused' }[r.outcome];
      metrics.addMetric(`ProwlerScans${name}`, MetricUnit.Count, 1);
      if (r.outcome === 'refused')
        logger.error('Prowler scan refused, nothing stored', { source: r.source, problems: r.problems });
      else logger.info(`Prowler scan ${r.outcome}`, { source: r.source, sha256: r.sha256, key: r.key });
      return r;
    },
    { logger, metrics, correlationId: eventBridgeId },
  );
}

let cached: DropDeps | undefined;
/** Lambda entry point. */
export const handler = createDropHandler(() => (cached ??= buildDropDeps(process.env)));
