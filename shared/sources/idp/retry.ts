/** How the client waits between attempts; injected so tests do not sleep. */
export type Sleep = (ms: number) => Promise<void>;

/** Real sleep. */
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The wait a 429/503 answer asks for, in milliseconds: `Retry-After` as delta-seconds or an HTTP date
 * (RFC 9110 §10.2.3), else Okta's `x-rate-limit-reset` (epoch seconds). `undefined` when neither is usable.
 */
export function retryAfterMs(headers: Headers, now: Date): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (value) {
    if (/^\d+$/.test(value)) return Number(value) * 1000;
    const at = Date.parse(value);
    if (!Number.isNaN(at)) return Math.max(0, at - now.getTime());
  }
  const reset = headers.get('x-rate-limit-reset')?.trim();
  if (reset && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1000 - now.getTime());
  return undefined;
}

/** Exponential backoff for 5xx and network failures: base, 2×base, 4×base ... capped at 30 s. */
export function backoffMs(attempt: number, baseMs: number): number {
  return Math.min(30_000, baseMs * 2 ** (attempt - 1));
}
