import type { IdpHttpOptions } from './http.js';

/** Transport settings every provider connection may carry (tests inject fetch and sleep). */
export type IdpTransport = Pick<
  IdpHttpOptions,
  | 'fetch'
  | 'sleep'
  | 'now'
  | 'logger'
  | 'maxAttempts'
  | 'maxRetryAfterSeconds'
  | 'backoffBaseMs'
  | 'timeoutMs'
>;

/** Picks the transport settings out of a connection, so provider clients pass nothing else through. */
export function transportOf(c: IdpTransport): IdpTransport {
  const { fetch, sleep, now, logger, maxAttempts, maxRetryAfterSeconds, backoffBaseMs, timeoutMs } = c;
  return Object.fromEntries(
    Object.entries({
      fetch,
      sleep,
      now,
      logger,
      maxAttempts,
      maxRetryAfterSeconds,
      backoffBaseMs,
      timeoutMs,
    }).filter(([, v]) => v !== undefined),
  ) as IdpTransport;
}

/** Memoizes an async secret supplier, so a run reads each secret once (and retries after a failure). */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= fn().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}

/** Lower-cased, trimmed email or login for reconciliation across sources; null when absent or blank. */
export function normalizeEmail(value: string | null | undefined): string | null {
  const v = value?.trim().toLowerCase();
  return v ? v : null;
}
