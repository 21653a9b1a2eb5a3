import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Context } from 'aws-lambda';
import type { ApiEvent, ApiResult } from '../../functions/http.js';
import { Sha256, signedFetch as apiFetch } from '../../shared/access/api-client.js';

/** A caller the adapter knows: its access key signs requests, its ARN is what API Gateway would pass on. */
export interface KnownCaller {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly userArn: string;
}

const API_REGION = 'us-east-1';
const ROUTES = [
  { key: 'POST /snapshots', method: 'POST', path: /^\/snapshots$/ },
  { key: 'GET /snapshots', method: 'GET', path: /^\/snapshots$/ },
  { key: 'POST /snapshots/{id}/url', method: 'POST', path: /^\/snapshots\/([^/]+)\/url$/ },
  ...(['uploads', 'evidence', 'approvals', 'exceptions'] as const).map((r) => ({
    key: `POST /manual/${r}`,
    method: 'POST',
    path: new RegExp(`^/manual/${r}$`),
  })),
] as const;
const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/execute-api\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/;

/**
 * Verifies a request's SigV4 signature as API Gateway's IAM authorization does: the access key must be known,
 * and re-signing the same method, path, query, signed headers and body with its secret must give the same
 * signature. Returns the caller, or undefined (API Gateway answers 403 without calling the function).
 */
async function verifySigV4(
  req: { method: string; url: string; headers: Record<string, string>; body: string },
  callers: readonly KnownCaller[],
): Promise<KnownCaller | undefined> {
  const m = AUTH.exec(req.headers.authorization ?? '');
  const caller = m && callers.find((c) => c.accessKeyId === m[1]);
  const date = req.headers['x-amz-date'];
  if (!m || !caller || !date) return undefined;
  const url = new URL(req.url, 'http://adapter');
  const signed = m[4]!.split(';');
  const signer = new SignatureV4({
    service: 'execute-api',
    region: m[3]!,
    sha256: Sha256,
    credentials: { accessKeyId: caller.accessKeyId, secretAccessKey: caller.secretAccessKey },
  });
  const again = await signer.sign(
    {
      method: req.method,
      protocol: 'http:',
      hostname: req.headers.host!.split(':')[0]!,
      ...(req.headers.host!.includes(':') ? { port: Number(req.headers.host!.split(':')[1]) } : {}),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(signed.map((h) => [h, req.headers[h] ?? ''])),
      body: req.body,
    },
    {
      signingDate: new Date(
        date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
      ),
    },
  );
  const sig = /Signature=([0-9a-f]{64})/.exec(String(again.headers.authorization))?.[1] ?? '';
  return sig.length === 64 && timingSafeEqual(Buffer.from(sig), Buffer.from(m[5]!)) ? caller : undefined;
}

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });

/**
 * A local stand-in for the HTTP API (payload format 2.0) with IAM authorization: it verifies each request's
 * SigV4 signature, maps the access key to its IAM identity, and calls the Lambda handler with
 * `requestContext.authorizer.iam` filled the way API Gateway fills it. Unsigned or badly signed requests get
 * API Gateway's `403 {"message":"Forbidden"}`; unknown routes its `404 {"message":"Not Found"}`.
 */
export async function startApiGateway(
  handler: (event: ApiEvent, context: Context) => Promise<ApiResult>,
  callers: readonly KnownCaller[],
): Promise<{ endpoint: string; invocations: () => number; close: () => Promise<void> }> {
  let invocations = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const body = await read(req);
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const reply = (status: number, payload: unknown, h: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...h });
        res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
      };
      const url = new URL(req.url ?? '/', 'http://adapter');
      const route = ROUTES.find((r) => r.method === req.method && r.path.test(url.pathname));
      if (!route) return reply(404, { message: 'Not Found' });
      const caller = await verifySigV4({ method: req.method!, url: req.url ?? '/', headers, body }, callers);
      if (!caller) return reply(403, { message: 'Forbidden' });
      const id = route.path.exec(url.pathname)?.[1];
      const account = /::(\d{12}):/.exec(caller.userArn)?.[1] ?? '';
      const event = {
        version: '2.0',
        routeKey: route.key,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers,
        ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
        ...(id !== undefined ? { pathParameters: { id: decodeURIComponent(id) } } : {}),
        ...(body ? { body } : {}),
        isBase64Encoded: false,
        requestContext: {
          accountId: account,
          apiId: 'local000001',
          domainName: headers.host,
          http: {
            method: req.method,
            path: url.pathname,
            protocol: 'HTTP/1.1',
            sourceIp: '127.0.0.1',
            userAgent: headers['user-agent'] ?? '',
          },
          requestId: randomUUID(),
          routeKey: route.key,
          stage: '$default',
          time: new Date().toUTCString(),
          timeEpoch: Date.now(),
          authorizer: {
            iam: {
              accessKey: caller.accessKeyId,
              accountId: account,
              callerId: caller.accessKeyId,
              cognitoIdentity: null,
              principalOrgId: null,
              userArn: caller.userArn,
              userId: caller.accessKeyId,
            },
          },
        },
      } as unknown as ApiEvent;
      invocations++;
      const out = await handler(event, {
        functionName: 'snapshot-api',
        awsRequestId: event.requestContext.requestId,
        invokedFunctionArn: `arn:aws:lambda:${API_REGION}:${account}:function:snapshot-api`,
      } as Context);
      reply(out.statusCode ?? 200, out.body ?? '', (out.headers ?? {}) as Record<string, string>);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    invocations: () => invocations,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Sends a SigV4-signed (execute-api) request, as an SDK or `awscurl` would (the CLI's own client). */
export const signedFetch = (
  endpoint: string,
  caller: Pick<KnownCaller, 'accessKeyId' | 'secretAccessKey'>,
  method: 'GET' | 'POST',
  pathAndQuery: string,
  body?: unknown,
) => apiFetch(endpoint, caller, method, pathAndQuery, body, API_REGION);
