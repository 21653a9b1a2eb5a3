import {
  RECONCILIATION_ID,
  reconciliationExtras,
} from '../../../shared/collectors/access-reconciliation/extras.js';
import { SNAPSHOT_ACCESS_LOG_ID } from '../../../shared/collectors/snapshot-access-log/meta.js';
import { accessLogExtras } from '../../../shared/collectors/snapshot-access-log/extras.js';
import type { SourceBuilder } from './types.js';

/**
 * Derived collectors read the platform's own records, not a customer source, so they dispatch on the collector:
 * - `access-reconciliation`: the latest stored evidence of the configured identity collectors
 *   (`extras.identitySources`, each input cited by sha256), with the SLA and identity links from configuration,
 *   exactly as the CLI builds them (shared/cli/ops/collect.ts);
 * - `snapshot-access-log` on its schedule: the access logs delivered after the last log key the previous
 *   scheduled run read (`extras.snapshotAccess.accessLogs`); without a log bucket, an empty record. Issuances
 *   are recorded by the snapshot API itself.
 */
export const derivedSource: SourceBuilder = async ({ collectorId, config, evidence, accessLogs }) => {
  if (collectorId === RECONCILIATION_ID)
    return { extras: { ...(await reconciliationExtras(config, evidence())) } };
  if (collectorId === SNAPSHOT_ACCESS_LOG_ID && accessLogs)
    return { extras: { snapshotAccess: await accessLogExtras(accessLogs, evidence()) } };
  return { extras: {} };
};
