import type { z } from 'zod';
import type { IdentityProvidersSchema } from '../../config/schema.js';
import { DependencyError } from '../../errors.js';
import type { CollectorContext } from '../../kernel/types.js';
import type { GoogleConnection } from './google.js';
import type { EntraConnection } from './graph.js';
import type { OktaConnection } from './okta.js';
import {
  resolveEntraClientSecret,
  resolveGoogleServiceAccount,
  resolveOktaToken,
  type IdpSecretSources,
} from './secrets.js';
import { once, type IdpTransport } from './transport.js';

/** The `identityProviders` block of the configuration. */
export type IdentityProvidersConfig = z.infer<typeof IdentityProvidersSchema>;

/** Where the Identity Center collector reads: the identity store and its home region. */
interface IdentityCenterTarget {
  readonly identityStoreId: string;
  readonly region: string;
}

/** What the identity-provider collectors find in `ctx.extras`. */
export interface IdpExtras {
  readonly okta?: OktaConnection;
  readonly entra?: EntraConnection;
  readonly googleWorkspace?: GoogleConnection;
  readonly identityCenter?: IdentityCenterTarget;
}

/**
 * Builds the collectors' extras from configuration. Secrets are read lazily, once per extras object, on
 * first use by a client, so a run that does not collect from a provider never touches its secret.
 */
export function buildIdpExtras(
  config: IdentityProvidersConfig,
  sources: IdpSecretSources,
  transport: IdpTransport = {},
): IdpExtras {
  const { okta, entra, googleWorkspace: gw, identityCenter } = config;
  return {
    ...(okta
      ? {
          okta: {
            ...transport,
            baseUrl: okta.baseUrl,
            token: once(() => resolveOktaToken(okta.tokenSecret, sources)),
          },
        }
      : {}),
    ...(entra
      ? {
          entra: {
            ...transport,
            tenantId: entra.tenantId,
            clientId: entra.clientId,
            graphBaseUrl: entra.graphBaseUrl,
            clientSecret: once(() => resolveEntraClientSecret(entra.clientSecretSecret, sources)),
          },
        }
      : {}),
    ...(gw
      ? {
          googleWorkspace: {
            ...transport,
            customer: gw.customer,
            adminEmail: gw.adminEmail,
            baseUrl: gw.baseUrl,
            serviceAccount: once(() => resolveGoogleServiceAccount(gw.serviceAccountSecret, sources)),
          },
        }
      : {}),
    ...(identityCenter
      ? { identityCenter: { identityStoreId: identityCenter.identityStoreId, region: identityCenter.region } }
      : {}),
  };
}

/** Reads one provider's connection from a collector's extras, or fails with a clear DependencyError. */
export function requireIdpExtra<K extends keyof IdpExtras>(
  ctx: Pick<CollectorContext<IdpExtras>, 'extras'>,
  key: K,
): NonNullable<IdpExtras[K]> {
  const value = ctx.extras[key];
  if (!value)
    throw new DependencyError(`extras.${key}`, `no ${key} connection was configured for this collector`);
  return value as NonNullable<IdpExtras[K]>;
}
