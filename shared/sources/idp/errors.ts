import { FluxError, InvalidSourceDataError } from '../../errors.js';

/**
 * An identity provider answered with an HTTP error after retries. `status` drives classification in the
 * collector runner (`classifyError`): 401/403 → AccessDenied, 429 → Throttled, 404 → NotFound. The message
 * holds the vendor's error code and summary only, never request headers.
 */
export class IdpHttpError extends FluxError {
  override name = 'IdpHttpError';
  constructor(
    readonly service: string,
    readonly operation: string,
    readonly status: number,
    readonly summary: string,
    readonly requestId?: string,
    options?: { cause?: unknown },
  ) {
    super(
      'IDP_HTTP_ERROR',
      `${service} ${operation} answered HTTP ${status}${summary ? `: ${summary}` : ''}`,
      {
        service,
        operation,
        status,
        ...(requestId ? { requestId } : {}),
      },
      options,
    );
  }
}

/**
 * A page (or token answer) from an identity provider failed its zod schema or was not JSON (e.g. truncated).
 * Named `InvalidSourceData` so that the envelope's `errors` carry the same code the runner uses for data
 * that fails a collector schema; it is still an {@link InvalidSourceDataError}.
 */
export class IdpInvalidDataError extends InvalidSourceDataError {
  constructor(source: string, issues: string[], options?: { cause?: unknown }) {
    super(source, issues, options);
    this.name = 'InvalidSourceData';
  }
}

/**
 * A token endpoint refused the credentials (OAuth `invalid_client`, `unauthorized_client`, `invalid_grant`,
 * usually HTTP 400/401). Its name ends in `AuthorizationError`, so `classifyError` reports AccessDenied.
 */
export class TokenAuthorizationError extends IdpHttpError {
  override name = 'TokenAuthorizationError';
}
