import type { ZodType } from 'zod';
import type { CollectionError, Scope } from '../evidence/envelope.js';
import type { AwsClientFactory } from '../sources/aws/clients.js';
import type { ProvenanceRecorder } from './provenance.js';

/** Where a collector's evidence comes from. */
type CollectorSource = 'aws' | 'github' | 'okta' | 'entra' | 'google-workspace' | 'derived';

/**
 * What a collector is and what it may do (docs/CONTRIBUTING.md, house style 4, 14): infra turns `permissions` into the
 * collector's role, the engine uses `ttlHours` to judge staleness.
 */
export interface CollectorMeta {
  /** Kebab-case id, equal to the collector's folder name. */
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly source: CollectorSource;
  /** `regional`: once per account and region; `global`: once per account; `org`/`tenant`: once per org or tenant. */
  readonly scope: 'regional' | 'global' | 'org' | 'tenant';
  /** EventBridge Scheduler expression, e.g. `rate(1 day)`. */
  readonly schedule: string;
  /** Evidence older than this is stale: the engine judges controls that read it UNKNOWN. */
  readonly ttlHours: number;
  /** The exact read-only IAM actions (AWS) or API scopes (other sources) the collector needs. */
  readonly permissions: readonly string[];
  /**
   * Evidence that arrives by `flux-evidence ingest` (another tool's scan), never by a schedule: `collect` skips it,
   * and its rules apply only where the configuration enables it (`collectors.<id>.enabled: true`).
   */
  readonly ingest?: boolean;
  /**
   * A configuration block the collector needs besides its source (`identityProviders.<name>`), such as the
   * Identity Center store an AWS collector reads: without it the collector is not planned, scheduled or deployed,
   * and its function is given that block.
   */
  readonly configuredBy?: 'identityCenter';
}

/** Everything a collector may use: injected, never read from the environment. */
export interface CollectorContext<TExtras extends object = CommonExtras> {
  readonly scope: Scope;
  readonly now: () => Date;
  /** Builds SDK v3 clients for this scope (credentials, region, endpoint, retries, provenance). */
  readonly aws: AwsClientFactory;
  readonly provenance: ProvenanceRecorder;
  /** Records a per-resource failure; the artifact is then marked incomplete. */
  recordError(error: CollectionError): void;
  /**
   * Runs `fn` for one resource; AccessDenied, throttling after retries, timeouts and similar failures are
   * recorded against `resource` and `undefined` is returned, so one resource never fails the whole run.
   */
  tryResource<T>(resource: string, operation: string, fn: () => Promise<T>): Promise<T | undefined>;
  /**
   * Source-specific extras (GitHub/IdP clients, configuration), typed per source: `AwsExtras`, `GitHubExtras` and
   * `IdpExtras` in shared/sources/<source>/extras.ts, and each derived collector's own. They come from the edge (CLI,
   * Lambda entry, tests) unchecked, so every field is optional and the source's reader checks it before use.
   */
  readonly extras: Readonly<Partial<TExtras & CommonExtras>>;
}

/** Extras as an edge hands them to the runner (CLI, Lambda entry, tests), before a source's reader checks them. */
export type RawExtras = Readonly<Record<string, unknown>>;

/** Extras any collector may receive. */
export interface CommonExtras {
  /** The page size a test asks for (the paginators' MaxResults); the API's default otherwise. */
  readonly pageSize?: number;
}

/** What a collector returns: the normalized facts, and optionally when the source says they held. */
interface CollectOutput<TData> {
  readonly data: TData;
  /** The time the source says the state held (e.g. credential report generation); defaults to collectedAt. */
  readonly observedAt?: string;
}

export interface Collector<TData = unknown, TExtras extends object = CommonExtras> {
  readonly meta: CollectorMeta;
  readonly schema: ZodType<TData>;
  collect(ctx: CollectorContext<TExtras>): Promise<CollectOutput<TData>>;
}

/** Helper that keeps a collector's data type tied to its schema, and its extras to its source's. */
export function defineCollector<TData, TExtras extends object = CommonExtras>(
  collector: Collector<TData, TExtras>,
): Collector<TData, TExtras> {
  return collector;
}

/** The page size a test asks for through `ctx.extras.pageSize`; undefined (the API's default) otherwise. */
export function requestedPageSize(ctx: Pick<CollectorContext, 'extras'>): number | undefined {
  return typeof ctx.extras.pageSize === 'number' ? ctx.extras.pageSize : undefined;
}
