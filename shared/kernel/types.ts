import type { ZodType } from 'zod';
import type { CollectionError, Scope } from '../evidence/envelope.js';
import type { AwsClientFactory } from '../sources/aws/clients.js';
import type { ProvenanceRecorder } from './provenance.js';

/** Where a collector's evidence comes from. */
export type CollectorSource = 'aws' | 'github' | 'okta' | 'entra' | 'google-workspace' | 'derived';

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
}

/** Everything a collector may use: injected, never read from the environment. */
export interface CollectorContext {
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
  /** Source-specific extras (GitHub/IdP clients, configuration); typed by the collector that reads them. */
  readonly extras: Readonly<Record<string, unknown>>;
}

/** What a collector returns: the normalized facts, and optionally when the source says they held. */
interface CollectOutput<TData> {
  readonly data: TData;
  /** The time the source says the state held (e.g. credential report generation); defaults to collectedAt. */
  readonly observedAt?: string;
}

export interface Collector<TData = unknown> {
  readonly meta: CollectorMeta;
  readonly schema: ZodType<TData>;
  collect(ctx: CollectorContext): Promise<CollectOutput<TData>>;
}

/** Helper that keeps a collector's data type tied to its schema. */
export function defineCollector<TData>(collector: Collector<TData>): Collector<TData> {
  return collector;
}

/** The page size a test asks for through `ctx.extras.pageSize`; undefined (the API's default) otherwise. */
export function requestedPageSize(ctx: Pick<CollectorContext, 'extras'>): number | undefined {
  return typeof ctx.extras.pageSize === 'number' ? ctx.extras.pageSize : undefined;
}
