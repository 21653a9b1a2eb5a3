import {
  RECONCILIATION_ID,
  reconciliationExtras,
} from '../../../shared/collectors/access-reconciliation/extras.js';
import type { SourceBuilder } from './types.js';

/**
 * Derived collectors read the platform's own records, not a customer source, so they dispatch on the collector:
 * - `access-reconciliation`: the latest stored evidence of the configured identity collectors
 *   (`extras.identitySources`, each input cited by sha256), with the SLA and identity links from configuration,
 *   exactly as the CLI builds them (shared/cli/ops/collect.ts);
 * - any other (`snapshot-access-log`): no extras; it reads what `extras.snapshotAccess` names, which only the
 *   snapshot API passes when it records an issuance, and otherwise stores an empty record.
 */
export const derivedSource: SourceBuilder = async ({ collectorId, config, evidence }) => {
  if (collectorId === RECONCILIATION_ID)
    return { extras: { ...(await reconciliationExtras(config, evidence())) } };
  return { extras: {} };
};
