import * as z from 'zod';
import type { ProvenanceRecorder } from '../../kernel/provenance.js';
import { IdpHttpError, TokenAuthorizationError } from './errors.js';
import { IdpHttpClient } from './http.js';
import type { IdpTransport } from './transport.js';

const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().int().positive(),
});

/** Options of {@link fetchToken}. */
export interface TokenOptions extends IdpTransport {
  /** Provenance service name, e.g. `entra-token`. */
  readonly service: string;
  readonly tokenUrl: string;
  /** Builds the form body per request (it may hold a secret or a fresh signed assertion; never recorded). */
  readonly form: () => Promise<Record<string, string>>;
  /** What provenance records about the request: grant type and client id, never the secret. */
  readonly recordParams: Record<string, unknown>;
  readonly recorder?: ProvenanceRecorder;
}

/**
 * An OAuth 2.0 token supplier (client credentials or JWT bearer grant): fetches on first use, caches until
 * a minute before `expires_in`, and shares one request between concurrent callers. Refused credentials
 * become a {@link TokenAuthorizationError} (classified AccessDenied).
 */
export function fetchToken(options: TokenOptions): () => Promise<string> {
  const url = new URL(options.tokenUrl);
  const { service, tokenUrl: _u, form, recordParams, recorder, ...transport } = options;
  const http = new IdpHttpClient({
    ...transport,
    service,
    baseUrl: url.origin,
    ...(recorder ? { recorder } : {}),
  });
  const now = options.now ?? (() => new Date());
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;
  const refresh = async (): Promise<string> => {
    try {
      const { body } = await http.request({
        method: 'POST',
        path: url.pathname + url.search,
        operation: `POST ${url.pathname}`,
        form: await form(),
        recordParams,
        schema: TokenResponseSchema,
      });
      cached = { token: body.access_token, expiresAt: now().getTime() + (body.expires_in - 60) * 1000 };
      return body.access_token;
    } catch (err) {
      if (err instanceof IdpHttpError && [400, 401, 403].includes(err.status)) {
        throw new TokenAuthorizationError(
          err.service,
          err.operation,
          err.status,
          err.summary,
          err.requestId,
          { cause: err },
        );
      }
      throw err;
    } finally {
      pending = undefined;
    }
  };
  return () => {
    if (cached && now().getTime() < cached.expiresAt) return Promise.resolve(cached.token);
    pending ??= refresh();
    return pending;
  };
}
