import type { FluxConfig } from '../shared/config/schema.js';
import type { CollectorSource } from '../shared/collectors/types.js';

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
 * The configuration and secrets a collector of `source` needs, or undefined when the source is not configured
 * (no function is deployed for it). Of the `derived` collectors, only `access-reconciliation` is deployed: it
 * needs no secret, only which identity sources are configured (to know which evidence to read), the collector
 * switches and its SLA and identity links. `snapshot-access-log` is recorded by the snapshot API itself.
 */
export function sourceSettings(
  source: CollectorSource,
  config: FluxConfig,
  id?: string,
): SourceSettings | undefined {
  const idp = config.identityProviders;
  switch (source) {
    case 'aws':
      return { config: { origin: config.origin, retention: config.retention, aws: config.aws }, secrets: [] };
    case 'github': {
      const gh = config.github;
      if (!gh) return undefined;
      const secret = gh.auth.type === 'app' ? gh.auth.privateKeySecret : gh.auth.tokenSecret;
      return {
        config: { origin: config.origin, retention: config.retention, github: gh },
        secrets: [secret],
      };
    }
    case 'okta':
      return idp.okta
        ? {
            config: {
              origin: config.origin,
              retention: config.retention,
              identityProviders: { okta: idp.okta },
            },
            secrets: [idp.okta.tokenSecret],
          }
        : undefined;
    case 'entra':
      return idp.entra
        ? {
            config: {
              origin: config.origin,
              retention: config.retention,
              identityProviders: { entra: idp.entra },
            },
            secrets: [idp.entra.clientSecretSecret],
          }
        : undefined;
    case 'google-workspace':
      return idp.googleWorkspace
        ? {
            config: {
              origin: config.origin,
              retention: config.retention,
              identityProviders: { googleWorkspace: idp.googleWorkspace },
            },
            secrets: [idp.googleWorkspace.serviceAccountSecret],
          }
        : undefined;
    case 'derived':
      if (id !== RECONCILIATION_ID) return undefined;
      return {
        config: {
          origin: config.origin,
          retention: config.retention,
          identityProviders: idp,
          ...(config.github ? { github: config.github } : {}),
          collectors: config.collectors,
          accessReconciliation: config.accessReconciliation,
        },
        secrets: [],
      };
  }
}
