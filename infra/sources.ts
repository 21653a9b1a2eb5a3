import type { FluxConfig } from '../shared/config/schema.js';
import type { CollectorMeta } from '../shared/kernel/types.js';
import { SNAPSHOT_ACCESS_LOG_ID } from '../shared/collectors/snapshot-access-log/meta.js';

/** What one collector function is told about its source: only its own block of the configuration. */
export interface SourceSettings {
  /** The JSON passed as FLUX_CONFIG (parsed again by the handler with FluxConfigSchema). */
  readonly config: Record<string, unknown>;
  /** Secrets Manager names (or ARNs) the function may read. */
  readonly secrets: string[];
}

/** The derived collector deployed as a function: it reads the latest stored identity evidence, no source. */
const RECONCILIATION_ID = 'access-reconciliation';

/**
 * The configuration and secrets a collector needs, or undefined when its source (or the block it is
 * `configuredBy`) is not configured
 * (no function is deployed for it). Of the `derived` collectors, only `access-reconciliation` is deployed: it
 * needs no secret, only which identity sources are configured (to know which evidence to read), the collector
 * switches and its SLA and identity links. `snapshot-access-log` is deployed
 * too: the snapshot API records issuances, its schedule reads downloads from the S3 server access logs.
 */
export function sourceSettings(
  meta: Pick<CollectorMeta, 'id' | 'source' | 'configuredBy'>,
  config: FluxConfig,
): SourceSettings | undefined {
  const { source, id } = meta;
  const idp = config.identityProviders;
  // Every function gets the log's origin and retention, plus its own source's block and secrets.
  const own = (block: Record<string, unknown>, secrets: string[]): SourceSettings => ({
    config: { origin: config.origin, retention: config.retention, ...block },
    secrets,
  });
  switch (source) {
    case 'aws': {
      // An AWS collector that also needs an identity-provider block (Identity Center's store) is deployed only
      // with it, and its function gets that block (functions/collector/sources/idp.ts builds the extras).
      const needs = meta.configuredBy;
      if (!needs) return own({ aws: config.aws }, []);
      const block = idp[needs];
      return block ? own({ aws: config.aws, identityProviders: { [needs]: block } }, []) : undefined;
    }
    case 'github': {
      const gh = config.github;
      if (!gh) return undefined;
      return own({ github: gh }, [gh.auth.type === 'app' ? gh.auth.privateKeySecret : gh.auth.tokenSecret]);
    }
    case 'okta':
      return idp.okta ? own({ identityProviders: { okta: idp.okta } }, [idp.okta.tokenSecret]) : undefined;
    case 'entra':
      return idp.entra
        ? own({ identityProviders: { entra: idp.entra } }, [idp.entra.clientSecretSecret])
        : undefined;
    case 'google-workspace':
      return idp.googleWorkspace
        ? own({ identityProviders: { googleWorkspace: idp.googleWorkspace } }, [
            idp.googleWorkspace.serviceAccountSecret,
          ])
        : undefined;
    case 'derived':
      // snapshot-access-log: downloads from the access logs (bucket and prefix set by infra) need no settings.
      if (id === SNAPSHOT_ACCESS_LOG_ID) return own({}, []);
      if (id !== RECONCILIATION_ID) return undefined;
      return own(
        {
          identityProviders: idp,
          ...(config.github ? { github: config.github } : {}),
          collectors: config.collectors,
          accessReconciliation: config.accessReconciliation,
        },
        [],
      );
  }
}
