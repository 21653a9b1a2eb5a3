import type { Logger } from '@aws-lambda-powertools/logger';
import type { ZodType } from 'zod';
import type { ProvenanceRecorder } from '../../kernel/provenance.js';
import { formatIssues } from '../../errors.js';
import { createLogger, redactString } from '../../logging/logger.js';
import { IdpHttpError, IdpInvalidDataError } from './errors.js';
import type { PageResponse, PageWalker } from './paging.js';
import { backoffMs, realSleep, retryAfterMs, type Sleep } from './retry.js';

/** Options of {@link IdpHttpClient}. Everything is injected; nothing is read from the environment. */
export interface IdpHttpOptions {
  /** Provenance service name, e.g. `okta`, `graph`, `google-admin`. */
  readonly service: string;
  /** Origin (and optional path prefix) every request goes to; next-page links must stay on this origin. */
  readonly baseUrl: string;
  /** Supplies the `Authorization` header value per request (`SSWS …`, `Bearer …`); none for token endpoints. */
  readonly authorization?: () => Promise<string>;
  /** Receives one record per request: operation, parameters, items, request id; never headers or bodies. */
  readonly recorder?: ProvenanceRecorder;
  /** Response header carrying the vendor's request id (`x-okta-request-id`, `request-id`). */
  readonly requestIdHeader?: string;
  readonly fetch?: typeof fetch;
  readonly sleep?: Sleep;
  readonly now?: () => Date;
  /** Redacting logger for retries (default: `createLogger`, level WARN). */
  readonly logger?: Logger;
  /** Attempts per request, first included (default 4). */
  readonly maxAttempts?: number;
  /** A 429 that asks to wait longer than this fails at once instead (default 120 s). */
  readonly maxRetryAfterSeconds?: number;
  /** First backoff for 5xx, network failures and 429 without a wait hint (default 500 ms). */
  readonly backoffBaseMs?: number;
  /** Per-request timeout (default 30 s). */
  readonly timeoutMs?: number;
  /** Safety stop for a listing whose next link never ends (default 100 000 pages). */
  readonly maxPages?: number;
}

/** One request: path (relative to the base URL) or absolute URL, query, the page schema. */
export interface IdpRequest<TPage> {
  readonly path: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly schema: ZodType<TPage>;
  /** Provenance operation, e.g. `GET /api/v1/users/{id}/factors` (default: `<METHOD> <path>`). */
  readonly operation?: string;
  /** Provenance parameters (default: `params`); pass a template's parameters without ids to aggregate. */
  readonly recordParams?: Readonly<Record<string, unknown>>;
  readonly method?: 'GET' | 'POST';
  /** `application/x-www-form-urlencoded` body (token endpoints). Never recorded. */
  readonly form?: Readonly<Record<string, string>>;
  /** Items in a page, for provenance (default 1). */
  readonly count?: (page: TPage) => number;
}

/** The parts of a request that do not depend on its page type. */
type RequestShape = Pick<IdpRequest<never>, 'path' | 'params' | 'operation' | 'method' | 'form'>;

/** A paged listing: the request, how to read its items and how to find the next page. */
export interface IdpListing<TPage, TItem> extends IdpRequest<TPage> {
  readonly items: (page: TPage) => readonly TItem[];
  readonly next: PageWalker<TPage>;
}

/**
 * A small fetch-based JSON client for identity-provider REST APIs: retries 429 (honouring `Retry-After`
 * seconds or HTTP date, bounded) and 5xx / network failures (exponential backoff), validates every page
 * with zod (a wrong-typed field or truncated body is an {@link IdpInvalidDataError}, never a silent pass),
 * turns 401/403 into {@link IdpHttpError} (classified AccessDenied), follows next-page links only on its
 * own origin, and records each request into provenance.
 */
export class IdpHttpClient {
  private readonly base: URL;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: Sleep;
  private readonly now: () => Date;
  private readonly logger: Logger;

  constructor(private readonly options: IdpHttpOptions) {
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.fetchFn = options.fetch ?? fetch;
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? (() => new Date());
    this.logger = options.logger ?? createLogger({ serviceName: 'flux-idp', level: 'WARN' });
  }

  /** Sends one request and returns its parsed body. */
  async request<TPage>(req: IdpRequest<TPage>): Promise<PageResponse<TPage>> {
    return this.send(req, this.urlOf(req), 1);
  }

  /** Walks every page of a listing, yielding each page's items. */
  async *pages<TPage, TItem>(listing: IdpListing<TPage, TItem>): AsyncGenerator<readonly TItem[]> {
    let url: URL | undefined = this.urlOf(listing);
    const seen = new Set<string>();
    const req = { ...listing, count: (p: TPage) => listing.items(p).length };
    for (let page = 1; url; page++) {
      // Compared with sorted, uniformly encoded parameters: `$top` and `%24top` are the same request.
      const canonical = new URL(url);
      canonical.searchParams.sort();
      if (page > (this.options.maxPages ?? 100_000) || seen.has(canonical.href)) {
        throw new IdpInvalidDataError(this.source(req), [
          `page ${page}: the next-page link repeats or never ends`,
        ]);
      }
      seen.add(canonical.href);
      const res: PageResponse<TPage> = await this.send(req, url, page);
      yield listing.items(res.body);
      const next = listing.next(res);
      url = next === undefined ? undefined : this.sameOrigin(new URL(next, res.url), req, page);
    }
  }

  /** Collects every item of a listing. */
  async listAll<TPage, TItem>(listing: IdpListing<TPage, TItem>): Promise<TItem[]> {
    const all: TItem[] = [];
    for await (const items of this.pages(listing)) all.push(...items);
    return all;
  }

  private urlOf(req: RequestShape): URL {
    const url = new URL(req.path.replace(/^\//, ''), this.base);
    for (const [k, v] of Object.entries(req.params ?? {})) url.searchParams.set(k, v);
    return url;
  }

  private sameOrigin(url: URL, req: RequestShape, page: number): URL {
    // Credentials go only to the configured origin, whatever a response says.
    if (url.origin !== this.base.origin) {
      throw new IdpInvalidDataError(this.source(req), [
        `page ${page}: next-page link leaves ${this.base.origin}`,
      ]);
    }
    return url;
  }

  private source(req: RequestShape): string {
    return `${this.options.service} ${this.operationOf(req)}`;
  }

  private operationOf(req: RequestShape): string {
    return req.operation ?? `${req.method ?? 'GET'} ${req.path}`;
  }

  private async send<TPage>(req: IdpRequest<TPage>, url: URL, page: number): Promise<PageResponse<TPage>> {
    const operation = this.operationOf(req);
    const record = (items: number, requestId?: string, error?: string) =>
      this.options.recorder?.record({
        service: this.options.service,
        operation,
        params: { ...(req.recordParams ?? req.params ?? {}) },
        items,
        ...(requestId ? { requestId } : {}),
        ...(error ? { error } : {}),
      });
    const maxAttempts = this.options.maxAttempts ?? 4;
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await this.fetchFn(url, await this.init(req));
      } catch (err) {
        if (attempt >= maxAttempts) {
          record(0, undefined, `network: ${(err as Error).name}`);
          throw err;
        }
        await this.wait(operation, 'network', attempt, backoffMs(attempt, this.backoffBase()));
        continue;
      }
      const requestId = this.options.requestIdHeader
        ? (res.headers.get(this.options.requestIdHeader) ?? undefined)
        : undefined;
      const text = await res.text();
      if (res.ok) {
        const body = this.parse(req, text, page);
        record(req.count ? req.count(body) : 1, requestId);
        return { body, headers: res.headers, url };
      }
      const retryable = res.status === 429 || res.status >= 500;
      const wait = retryable ? this.retryWait(res, attempt) : undefined;
      if (wait === undefined || attempt >= maxAttempts) {
        record(0, requestId, `HTTP ${res.status}`);
        throw new IdpHttpError(this.options.service, operation, res.status, errorSummary(text), requestId);
      }
      await this.wait(operation, `HTTP ${res.status}`, attempt, wait);
    }
  }

  private async init(req: RequestShape): Promise<RequestInit> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.authorization) headers.authorization = await this.options.authorization();
    const init: RequestInit = {
      method: req.method ?? 'GET',
      headers,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
    };
    if (req.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      init.body = new URLSearchParams({ ...req.form }).toString();
    }
    return init;
  }

  /** The wait before retrying, or undefined when the answer must not be retried. */
  private retryWait(res: Response, attempt: number): number | undefined {
    const hinted = retryAfterMs(res.headers, this.now());
    if (hinted !== undefined)
      return hinted <= (this.options.maxRetryAfterSeconds ?? 120) * 1000 ? hinted : undefined;
    return backoffMs(attempt, this.backoffBase());
  }

  private backoffBase(): number {
    return this.options.backoffBaseMs ?? 500;
  }

  private async wait(operation: string, reason: string, attempt: number, ms: number): Promise<void> {
    const { service } = this.options;
    this.logger.warn('identity provider request retried', {
      idp: service,
      operation,
      reason,
      attempt,
      waitMs: ms,
    });
    this.options.recorder?.note(
      `${service} ${operation}: ${reason} on attempt ${attempt}, retried after ${ms} ms`,
    );
    await this.sleep(ms);
  }

  private parse<TPage>(req: IdpRequest<TPage>, text: string, page: number): TPage {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new IdpInvalidDataError(this.source(req), [
        `page ${page}: the body is not JSON (truncated or malformed, ${text.length} bytes)`,
      ]);
    }
    const parsed = req.schema.safeParse(json);
    if (!parsed.success) {
      throw new IdpInvalidDataError(
        this.source(req),
        formatIssues(parsed.error.issues).map((i) => `page ${page}: ${i}`),
      );
    }
    return parsed.data;
  }
}

/** The vendor's error code and summary from an error body (Okta, Graph, Google, OAuth), redacted and short. */
export function errorSummary(text: string): string {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return '';
  }
  if (!body || typeof body !== 'object') return '';
  const nested =
    typeof body.error === 'object' && body.error !== null
      ? (body.error as Record<string, unknown>)
      : undefined;
  const parts = [
    body.errorCode,
    body.errorSummary,
    nested?.code,
    nested?.status,
    nested?.message,
    typeof body.error === 'string' ? body.error : undefined,
    body.error_description,
  ].filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
  return redactString(parts.join(' ')).slice(0, 300);
}
