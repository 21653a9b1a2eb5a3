import type { Octokit } from '@octokit/core';
import type { OctokitOptions } from '@octokit/core/types';
import { isSecretKey } from '../../logging/redact.js';
import type { ProvenanceRecorder } from '../../kernel/provenance.js';
import { routeIndexFrom } from './route-index.js';

/** The GitHub service name in provenance. */
const GITHUB_SERVICE = 'GitHub';

/** Request options as the Octokit request hook sees them: endpoint defaults merged with the route parameters. */
interface HookOptions {
  method: string;
  url: string;
  [key: string]: unknown;
}

interface Identity {
  readonly operation: string;
  readonly params: Record<string, unknown>;
}

/** Keys of the merged request options that are transport, not what was asked. */
const NOT_PARAMS = new Set(['method', 'url', 'baseUrl', 'headers', 'request', 'mediaType', 'data']);
/** Path parameters kept in provenance; per-resource ones (repo, pull_number, ref...) are aggregated away. */
const KEPT_PATH_PARAMS = new Set(['org', 'owner']);
/** Query parameters that only move through pages. */
const PAGING = new Set(['page', 'after', 'before', 'cursor']);

/**
 * Identifies a request as `METHOD /route/{template}` with its parameters. Path parameters naming one
 * resource (repo, pull number, sha) are dropped so that 20,000 per-PR calls aggregate into one operation
 * with 20,000 pages instead of 20,000 operations; `org`/`owner` and query parameters stay.
 */
function identify(options: HookOptions): Identity {
  const template = options.url;
  const pathParams = new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!));
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) {
    if (NOT_PARAMS.has(k) || PAGING.has(k) || isSecretKey(k)) continue;
    if (pathParams.has(k) && !KEPT_PATH_PARAMS.has(k)) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') params[k] = v;
  }
  return { operation: `${options.method} ${template}`, params };
}

/** Items in one page: array length, the array of a `{ total_count, <items>: [] }` envelope, or 1 for an object. */
export function pageItems(data: unknown): number {
  if (Array.isArray(data)) return data.length;
  if (!data || typeof data !== 'object') return 0;
  if ('total_count' in data) {
    const list = Object.values(data).find((v) => Array.isArray(v));
    if (Array.isArray(list)) return list.length;
  }
  return 1;
}

function isRateLimited(
  status: number,
  headers: Record<string, unknown> | undefined,
  message: string,
): boolean {
  if (status !== 403 && status !== 429) return false;
  return status === 429 || headers?.['x-ratelimit-remaining'] === '0' || /\bsecondary rate\b/i.test(message);
}

/**
 * Octokit plugin that records every HTTP request (every attempt, including rate-limited ones that the
 * throttling plugin retries) into a {@link ProvenanceRecorder}. Registered before the retry and throttling
 * plugins so its hooks sit inside theirs. Paginated requests (absolute URLs) are mapped back to their route
 * template, so every page of a listing lands in the same operation.
 * Headers (and so the token or JWT) and response bodies are never recorded.
 */
export function provenancePlugin(octokit: Octokit, options: OctokitOptions): Record<string, never> {
  const recorder = (options as { fluxRecorder?: ProvenanceRecorder }).fluxRecorder;
  if (!recorder) return {};
  const rest = (octokit as unknown as { rest?: object }).rest ?? {};

  const resolve = (opts: HookOptions): Identity => {
    if (!/^https?:\/\//.test(opts.url)) return identify(opts);
    // Paginated requests (octokit.paginate) arrive with absolute URLs: recover the route from the path.
    const url = new URL(opts.url);
    const basePath =
      typeof opts.baseUrl === 'string' ? new URL(opts.baseUrl).pathname.replace(/\/+$/, '') : '';
    const path =
      basePath && url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname;
    const route = routeIndexFrom(rest).match(opts.method, path);
    const params: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(route?.pathParams ?? {})) if (KEPT_PATH_PARAMS.has(k)) params[k] = v;
    for (const [k, v] of url.searchParams)
      if (!PAGING.has(k) && !isSecretKey(k)) params[k] = /^\d{1,9}$/.test(v) ? Number(v) : v;
    return { operation: `${opts.method} ${route?.template ?? path}`, params };
  };

  octokit.hook.after('request', (response, opts) => {
    const o = opts as unknown as HookOptions;
    const id = resolve(o);
    const headers = response.headers as Record<string, unknown>;
    const requestId = headers['x-github-request-id'];
    recorder.record({
      service: GITHUB_SERVICE,
      ...id,
      items: pageItems(response.data),
      ...(typeof requestId === 'string' ? { requestId } : {}),
    });
  });

  octokit.hook.error('request', (error, opts) => {
    const o = opts as unknown as HookOptions;
    const id = resolve(o);
    const e = error as {
      status?: number;
      message?: string;
      response?: { headers?: Record<string, unknown> };
    };
    const headers = e.response?.headers;
    const requestId = headers?.['x-github-request-id'];
    const status = e.status ?? 0;
    const limited = isRateLimited(status, headers, e.message ?? '');
    if (limited) {
      const after = headers?.['retry-after'] ?? headers?.['x-ratelimit-reset'];
      recorder.note(
        `GitHub rate limit on ${id.operation}: HTTP ${status}${after ? ` (retry-after/reset ${String(after)})` : ''}; the throttling plugin decides on a retry`,
      );
    }
    recorder.record({
      service: GITHUB_SERVICE,
      ...id,
      items: 0,
      // A rate-limited attempt that is retried is not an error of the operation; exhausted retries surface
      // as the collector's error in the envelope.
      ...(limited ? {} : { error: `HTTP ${status || 'error'}` }),
      ...(typeof requestId === 'string' ? { requestId } : {}),
    });
    throw error;
  });
  return {};
}
