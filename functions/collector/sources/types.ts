import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { FluxConfig } from '../../../shared/config/schema.js';

/** What a source's extras builder may use: the function's configuration, secrets client and clock. */
export interface SourceContext {
  readonly config: FluxConfig;
  readonly secrets: SecretsManagerClient;
  readonly now: () => Date;
}

/** The source clients a collector reads through `ctx.extras`, and the identity recorded in provenance. */
export interface SourceExtras {
  readonly extras: Readonly<Record<string, unknown>>;
  readonly identity?: string;
}

/**
 * Builds a source's extras for one run. Each collector entry (functions/collector/entries/<id>.ts) imports the
 * builder of its own source only, so an AWS collector's bundle holds no GitHub or identity-provider client.
 */
export type SourceBuilder = (ctx: SourceContext) => Promise<SourceExtras>;
