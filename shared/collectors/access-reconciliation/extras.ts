import type { FluxConfig } from '../../config/schema.js';
import type { Scope } from '../../evidence/envelope.js';
import type { EvidenceLoader } from '../../mapping/evidence-loader.js';
import { loadIdentitySources } from '../../reconcile/load.js';
import { IDENTITY_COLLECTORS, type IdentityCollectorId } from '../../reconcile/sources.js';
import type { AccessReconciliationExtras } from './collector.js';

/** The one scope the reconciliation runs for: every identity source of the deployment. */
export const RECONCILIATION_SCOPE: Scope = { tenant: 'all' };
export const RECONCILIATION_ID = 'access-reconciliation';

/**
 * The identity collectors whose source this configuration has (and does not disable). An unconfigured source, such
 * as Identity Center without `identityProviders.identityCenter`, stores only a "not configured" error artifact: it
 * is left out rather than read as a failed input, while a configured source that failed still makes the
 * reconciliation incomplete.
 */
export function configuredIdentityCollectors(config: FluxConfig): IdentityCollectorId[] {
  const idp = config.identityProviders;
  const has: Record<IdentityCollectorId, boolean> = {
    'okta-users': !!idp.okta,
    'entra-users': !!idp.entra,
    'google-workspace-users': !!idp.googleWorkspace,
    'aws-identity-center-users': !!idp.identityCenter,
    'aws-iam-credential-report': true,
    'github-org': !!config.github,
  };
  return IDENTITY_COLLECTORS.filter((id) => has[id] && config.collectors[id]?.enabled !== false);
}

/**
 * Builds the collector's extras after the identity collectors have run: the latest artifacts of the configured
 * identity sources from the evidence loader, and the SLA and links from `accessReconciliation`.
 */
export async function reconciliationExtras(
  config: FluxConfig,
  evidence: Pick<EvidenceLoader, 'latest'>,
): Promise<AccessReconciliationExtras> {
  return {
    identitySources: await loadIdentitySources(evidence, configuredIdentityCollectors(config)),
    deprovisioningSlaHours: config.accessReconciliation.deprovisioningSlaHours,
    identityLinks: config.accessReconciliation.identityLinks,
  };
}
