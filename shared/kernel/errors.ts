import type { CollectionError } from '../evidence/envelope.js';

const ACCESS =
  /AccessDenied|UnauthorizedOperation|AuthorizationError|Forbidden|NotAuthorized|AccessDeniedException/i;
const THROTTLE = /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown|RateExceeded|429/i;
const TIMEOUT = /Timeout|TimedOut|ETIMEDOUT|ECONNRESET|AbortError/i;

/** Classifies a source failure into the stable codes used in an envelope's `errors`. */
export function classifyError(err: unknown): Pick<CollectionError, 'code' | 'message'> {
  const e = err as {
    name?: string;
    code?: string;
    message?: string;
    status?: number;
    $metadata?: { httpStatusCode?: number };
  };
  const name = `${e?.name ?? ''} ${e?.code ?? ''}`;
  const status = e?.status ?? e?.$metadata?.httpStatusCode;
  const message = (e?.message ?? String(err)).slice(0, 500);
  if (e?.name === 'InvalidSourceDataError') return { code: 'InvalidSourceData', message };
  if (ACCESS.test(name) || status === 403 || status === 401) return { code: 'AccessDenied', message };
  if (THROTTLE.test(name) || status === 429) return { code: 'Throttled', message };
  if (TIMEOUT.test(name) || TIMEOUT.test(message)) return { code: 'Timeout', message };
  if (status === 404 || /NotFound|NoSuch/i.test(name)) return { code: 'NotFound', message };
  return { code: e?.name || 'Error', message };
}

/**
 * A failed call a collector cannot do without (the one call it makes, or the listing everything else hangs on),
 * naming that call and what it concerned: the runner records this operation and resource, not just `collect`.
 */
class SourceCallError extends Error {
  constructor(
    readonly resource: string,
    readonly operation: string,
    readonly failure: unknown,
  ) {
    super(
      `${operation} on ${resource} failed: ${(failure as { message?: string })?.message ?? String(failure)}`,
    );
    this.name = 'SourceCallError';
  }
}

/** Runs the essential call `fn`; a failure is rethrown as a SourceCallError naming `operation` and `resource`. */
export async function essentialCall<T>(
  resource: string,
  operation: string,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new SourceCallError(resource, operation, err);
  }
}

/** What an envelope records for a failure that ended a collector's run. */
export function runFailure(
  err: unknown,
): Pick<CollectionError, 'code' | 'message' | 'operation' | 'resource'> {
  if (err instanceof SourceCallError)
    return { ...classifyError(err.failure), resource: err.resource, operation: err.operation };
  return { ...classifyError(err), operation: 'collect' };
}
