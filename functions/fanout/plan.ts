import type { AwsConnection } from '../../shared/sources/aws/clients.js';
import { planUnits } from '../../shared/kernel/plan.js';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SNAPSHOT_ACCESS_LOG_ID } from '../../shared/collectors/snapshot-access-log/meta.js';
import type { CollectorMeta } from '../../shared/kernel/types.js';
import type { FluxConfig } from '../../shared/config/schema.js';
import { ConfigError } from '../../shared/errors.js';
import type { Scope } from '../../shared/evidence/envelope.js';
import type { CollectionUnitMessage } from '../../shared/contracts/collection-unit.js';

/** The org or tenant a non-AWS collector reads, from configuration. */
function sourceScope(meta: CollectorMeta, config: FluxConfig): Scope {
  const idp = config.identityProviders;
  switch (meta.source) {
    case 'github':
      if (config.github) return { org: config.github.org };
      break;
    case 'okta':
      if (idp.okta) return { tenant: new URL(idp.okta.baseUrl).host };
      break;
    case 'entra':
      if (idp.entra) return { tenant: idp.entra.tenantId };
      break;
    case 'google-workspace':
      if (idp.googleWorkspace) return { tenant: idp.googleWorkspace.customer };
      break;
    case 'derived':
      // access-reconciliation: one run over every identity source (RECONCILIATION_SCOPE in its extras.ts, not
      // imported so the fan-out bundle stays free of reconciliation code).
      if (meta.id === 'access-reconciliation') return { tenant: 'all' };
      break;
    default:
      break;
  }
  throw new ConfigError([`collectors.${meta.id}: its source (${meta.source}) is not configured`]);
}

/**
 * Expands one scheduled collector into units: AWS collectors per account (and region, when regional) with
 * shared/kernel/plan.ts, other sources once for their org or tenant. Reads the collector's meta only.
 */
export async function planCollectorUnits(
  meta: CollectorMeta,
  config: FluxConfig,
  base: AwsConnection,
  homeRegion: string,
  requestedAt: string,
): Promise<CollectionUnitMessage[]> {
  if (meta.id === SNAPSHOT_ACCESS_LOG_ID) {
    // The platform's own account and region: the scope the snapshot API records issuances under, so the hourly
    // run keeps that series fresh (a scope written only when a URL is issued would read as an evidence gap).
    const sts = new STSClient({ region: homeRegion, ...(base.endpoint ? { endpoint: base.endpoint } : {}) });
    const account = (await sts.send(new GetCallerIdentityCommand({}))).Account!;
    return [{ collector: meta.id, scope: { account, region: homeRegion }, requestedAt }];
  }
  if (meta.source !== 'aws') return [{ collector: meta.id, scope: sourceScope(meta, config), requestedAt }];
  const units = await planUnits([{ meta }], config.aws, base, homeRegion);
  return units.map((u) => ({ collector: meta.id, scope: u.scope, requestedAt }));
}
