import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { FluxConfig } from '../../../shared/config/schema.js';
import type { EvidenceLoader } from '../../../shared/mapping/evidence-loader.js';
import type { RawExtras } from '../../../shared/kernel/types.js';

/** What a source's extras builder may use: the function's configuration, secrets client and clock. */
interface SourceContext {
  /** The id of the function's one collector (derived sources dispatch on it). */
  readonly collectorId: string;
  readonly config: FluxConfig;
  readonly secrets: SecretsManagerClient;
  readonly now: () => Date;
  /**
   * The latest stored evidence per collector (content index + evidence store of the ledger table), built on
   * first call: derived collectors read it, source collectors never call it.
   */
  readonly evidence: () => Pick<EvidenceLoader, 'latest'>;
  /** snapshot-access-log: the bucket and prefix of the evidence bucket's S3 server access logs. */
  readonly accessLogs?: { readonly bucket: string; readonly prefix: string };
}

/** The source clients a collector reads through `ctx.extras`, and the identity recorded in provenance. */
export interface SourceExtras {
  readonly extras: RawExtras;
  readonly identity?: string;
}

/**
 * Builds a source's extras for one run. Each collector entry (functions/collector/entries/<id>.ts) imports the
 * builder of its own source only, so an AWS collector's bundle holds no GitHub or identity-provider client.
 */
export type SourceBuilder = (ctx: SourceContext) => Promise<SourceExtras>;
