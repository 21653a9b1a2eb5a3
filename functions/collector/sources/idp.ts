import { buildIdpExtras } from '../../../shared/sources/idp/extras.js';
import type { SourceBuilder } from './types.js';

/** Identity-provider collectors: the configured providers' clients, tokens read lazily. */
export const idpSource: SourceBuilder = async ({ config, secrets }) => ({
  extras: { ...buildIdpExtras(config.identityProviders, { secretsManager: secrets }) },
});
