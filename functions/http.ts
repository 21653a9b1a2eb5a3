import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type {
  APIGatewayProxyEventV2WithIAMAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { callerKind, type Auditor } from '../shared/access/scope.js';
import type { Caller } from '../shared/access/snapshots.js';
import {
  AccessDeniedError,
  FluxError,
  NotFoundError,
  SnapshotTooLargeError,
  ValidationError,
} from '../shared/errors.js';
import { observed } from './observability.js';
export { parseWith as parse } from '../shared/access/requests.js';

export type ApiEvent = APIGatewayProxyEventV2WithIAMAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

/** A JSON response. */
export function json(statusCode: number, body: unknown): ApiResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

/** The caller's IAM ARN (HTTP API with IAM authorization); refuses a request without one. */
export function principalOf(event: ApiEvent): string {
  const arn = event.requestContext?.authorizer?.iam?.userArn;
  if (!arn) throw new AccessDeniedError('unknown-principal', 'the request carries no IAM principal');
  return arn;
}

/**
 * The caller as the snapshot service sees it: an operator when its IAM principal is one of the configured
 * `operators` (and not an auditor), an auditor otherwise (shared/access/scope.ts callerKind).
 */
export function callerOf(
  event: ApiEvent,
  configured: {
    readonly auditors: readonly Pick<Auditor, 'principalArn'>[];
    readonly operators?: readonly string[];
  },
): Caller {
  const principal = principalOf(event);
  return { kind: callerKind(principal, configured.auditors, configured.operators ?? []), principal };
}

/** The JSON body, or a ValidationError for a body that is not JSON. */
export function bodyOf(event: ApiEvent): unknown {
  if (!event.body) return {};
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('request body', ['(root): not valid JSON']);
  }
}

/**
 * Maps errors to `{ error: { code, message, issues } }` with 400/403/404/413; anything else is a 500 without
 * details.
 */
function errorResponse(err: unknown): ApiResult {
  if (err instanceof ValidationError)
    return json(400, {
      error: { code: err.code, message: err.details.what + ' is invalid', issues: err.issues },
    });
  if (err instanceof AccessDeniedError)
    return json(403, { error: { code: err.code, message: err.message, reason: err.reason, issues: [] } });
  if (err instanceof SnapshotTooLargeError)
    return json(413, {
      error: {
        code: err.code,
        message: err.message,
        limit: err.limit,
        artifacts: err.artifacts,
        issues: [err.hint],
      },
    });
  if (err instanceof NotFoundError)
    return json(404, { error: { code: err.code, message: err.message, issues: [] } });
  const code = err instanceof FluxError ? err.code : 'INTERNAL_ERROR';
  return json(500, { error: { code, message: 'internal error', issues: [] } });
}

/**
 * middy middleware: turns a thrown error into its JSON response, logs server errors and reports each refusal
 * (403) to `denied`.
 */
function httpErrors(
  log: (err: unknown) => void,
  denied: (err: AccessDeniedError) => void = () => {},
): MiddlewareObj<ApiEvent, ApiResult> {
  return {
    onError: (request) => {
      request.response = errorResponse(request.error);
      if (request.response.statusCode === 500) log(request.error);
      if (request.error instanceof AccessDeniedError) denied(request.error);
    },
  };
}

/**
 * A route handler with the API's middlewares: Powertools logging with the API Gateway request id as
 * correlation id, metrics flushed per request, errors as JSON responses with each 403 counted as RequestsDenied.
 */
export function apiHandler(
  o: { readonly logger: Logger; readonly metrics: Metrics },
  fn: (event: ApiEvent, context: Context) => Promise<ApiResult>,
) {
  return observed<ApiEvent, ApiResult>(fn, {
    ...o,
    correlationId: (event) => event.requestContext?.requestId,
  }).use(
    httpErrors(
      (err) => o.logger.error('request failed', err as Error),
      (err) => {
        o.metrics.addMetric('RequestsDenied', MetricUnit.Count, 1);
        o.logger.warn('request denied', { reason: err.reason });
      },
    ),
  );
}
