import type { Logger } from '@aws-lambda-powertools/logger';
import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { Octokit as Core } from '@octokit/core';
import { Octokit } from '@octokit/rest';
import { ValidationError } from '../../errors.js';
import type { ProvenanceRecorder } from '../../kernel/provenance.js';
import { createLogger } from '../../logging/logger.js';
import { provenancePlugin } from './provenance-plugin.js';

/** How the client authenticates: a token (PAT / fine-grained / GHES), or a GitHub App installation. */
export type GitHubAuth =
  | { readonly type: 'token'; readonly token: string }
  | {
      readonly type: 'app';
      readonly appId: number;
      readonly privateKey: string;
      readonly installationId: number;
    };

/** Options of {@link createGitHubClient}. */
export interface GitHubClientOptions {
  /** `https://api.github.com` by default; `https://ghe.example.com/api/v3` for GitHub Enterprise Server. */
  readonly baseUrl?: string;
  readonly auth: GitHubAuth;
  /** Receives one record per HTTP request (route, parameters, items, request id; never headers or bodies). */
  readonly recorder?: ProvenanceRecorder;
  /** Injected fetch (tests, proxies). */
  readonly fetch?: typeof fetch;
  /** Redacting logger for rate-limit warnings and Octokit's own messages. */
  readonly logger?: Logger;
  /** Retries of one request after a primary or secondary rate limit (default 3). */
  readonly maxRateLimitRetries?: number;
  /** A rate limit that asks to wait longer than this is not waited for; the request fails (default 300 s). */
  readonly maxRetryAfterSeconds?: number;
  /** Retries of 5xx answers by @octokit/plugin-retry (default 3). */
  readonly serverErrorRetries?: number;
}

/**
 * GitHub marks its rate limits (403/429) with `x-ratelimit-remaining: 0` or a "secondary rate limit" message,
 * which is what the throttling plugin looks for. A bare 429 with Retry-After (proxies, some GHES setups) has
 * neither; it is labelled a secondary limit so the throttling plugin waits for its Retry-After too.
 */
function bare429Plugin(octokit: Core): Record<string, never> {
  octokit.hook.error('request', (error) => {
    const e = error as { status?: number; message: string; response?: { headers?: Record<string, unknown> } };
    if (
      e.status === 429 &&
      e.response?.headers?.['x-ratelimit-remaining'] !== '0' &&
      !/\bsecondary rate\b/i.test(e.message)
    ) {
      e.message = `${e.message} (secondary rate limit: HTTP 429)`;
    }
    throw error;
  });
  return {};
}

// Provenance first: plugin hooks registered later wrap earlier ones, so retries and throttling sit outside
// the provenance hooks and every attempt is recorded.
const FluxOctokit = Octokit.plugin(provenancePlugin, retry, bare429Plugin, throttling);

/** The Octokit type the collectors use (REST methods, paginate, retry, throttling). */
export type GitHubClient = InstanceType<typeof FluxOctokit>;

const created = new WeakMap<object, { options: GitHubClientOptions; tokenCache: Map<string, string> }>();

/**
 * Creates an Octokit for GitHub.com or GitHub Enterprise Server with `@octokit/plugin-retry` (5xx) and
 * `@octokit/plugin-throttling`: primary rate limits wait for `x-ratelimit-reset`, secondary ones (403/429 with
 * "secondary rate limit") for `Retry-After`, at most `maxRateLimitRetries` times and never longer than
 * `maxRetryAfterSeconds`. 429 is left to the throttling plugin only, so Retry-After is honoured rather than the
 * retry plugin's fixed backoff. App auth uses `@octokit/auth-app` (JWT, installation token, cached).
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  return build(options, new Map());
}

function build(options: GitHubClientOptions, tokenCache: Map<string, string>): GitHubClient {
  if (options.auth.type === 'token' && !options.auth.token)
    throw new ValidationError('GitHub auth', ['token: is empty']);
  const logger = options.logger ?? createLogger({ serviceName: 'flux-github', level: 'WARN' });
  const maxRetries = options.maxRateLimitRetries ?? 3;
  const maxWait = options.maxRetryAfterSeconds ?? 300;
  const onLimit =
    (kind: string) =>
    (retryAfter: number, req: { method: string; url: string }, _o: unknown, retryCount: number): boolean => {
      const retrying = retryCount < maxRetries && retryAfter <= maxWait;
      logger.warn('GitHub rate limit', {
        kind,
        route: `${req.method} ${req.url}`,
        retryAfterSeconds: retryAfter,
        retryCount,
        retrying,
      });
      return retrying;
    };
  const auth = options.auth;
  const client = new FluxOctokit({
    baseUrl: (options.baseUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
    userAgent: 'flux-evidence',
    ...(auth.type === 'token'
      ? { auth: auth.token }
      : {
          authStrategy: createAppAuth,
          auth: {
            appId: auth.appId,
            privateKey: auth.privateKey,
            installationId: auth.installationId,
            // Shared by the clients bindRecorder derives, so a run does not mint a token per collector.
            cache: {
              get: (k: string) => tokenCache.get(k) ?? '',
              set: (k: string, v: string) => tokenCache.set(k, v),
            },
          },
        }),
    ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => logger.warn(message),
      // @octokit/plugin-request-log reports every non-2xx here, including a 404 "Branch not protected" (a fact).
      // Failures that matter reach the envelope's errors; keep them out of the error log.
      error: (message: string) => logger.debug(message),
    },
    retry: { retries: options.serverErrorRetries ?? 3, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    throttle: { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') },
    fluxRecorder: options.recorder,
  });
  created.set(client, { options, tokenCache });
  return client;
}

/**
 * A client like `client` (same base URL, auth and App token cache) whose requests are recorded into
 * `recorder`. Collectors call it with their run's provenance, so one client configured at the edge can serve
 * many runs, each with its own provenance.
 */
export function bindRecorder(client: GitHubClient, recorder: ProvenanceRecorder): GitHubClient {
  const origin = created.get(client);
  if (!origin)
    throw new ValidationError('GitHub client', [
      'was not made by createGitHubClient, so its requests cannot be recorded',
    ]);
  return build({ ...origin.options, recorder }, origin.tokenCache);
}

/** The identity reported in provenance: `github-app:<appId>/installation:<id>` or `github-token`. */
export function githubIdentity(auth: GitHubAuth): string {
  return auth.type === 'app'
    ? `github-app:${auth.appId}/installation:${auth.installationId}`
    : 'github-token';
}
