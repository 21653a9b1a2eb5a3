import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AccessDeniedError, FluxError, NotFoundError, ValidationError } from '../../shared/errors.js';
export { parseWith as parse } from '../../shared/access/requests.js';

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

/** Maps errors to `{ error: { code, message, issues } }` with 400/403/404; anything else is a 500 without details. */
export function errorResponse(err: unknown): ApiResult {
  if (err instanceof ValidationError)
    return json(400, {
      error: { code: err.code, message: err.details.what + ' is invalid', issues: err.issues },
    });
  if (err instanceof AccessDeniedError)
    return json(403, { error: { code: err.code, message: err.message, reason: err.reason, issues: [] } });
  if (err instanceof NotFoundError)
    return json(404, { error: { code: err.code, message: err.message, issues: [] } });
  const code = err instanceof FluxError ? err.code : 'INTERNAL_ERROR';
  return json(500, { error: { code, message: 'internal error', issues: [] } });
}

/** middy middleware: turns a thrown error into its JSON response (and logs server errors). */
export function httpErrors(log: (err: unknown) => void): MiddlewareObj<ApiEvent, ApiResult> {
  return {
    onError: (request) => {
      request.response = errorResponse(request.error);
      if (request.response.statusCode === 500) log(request.error);
    },
  };
}
