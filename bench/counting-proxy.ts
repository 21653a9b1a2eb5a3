import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** What one client sent through the proxy during one counting window. */
export interface ProxyCounts {
  /** HTTP requests forwarded to the emulator (every retry counts). */
  readonly requests: number;
  /** Requests per `service:Operation` (S3 REST calls as `s3:GET ?policy` and similar). */
  readonly byOperation: Readonly<Record<string, number>>;
  /** Responses with status >= 400, per `service:Operation status`. */
  readonly errors: Readonly<Record<string, number>>;
  /** Milliseconds from the first request to the last response (0 when nothing was sent). */
  readonly apiPhaseMs: number;
}

export interface CountingProxy {
  readonly endpoint: string;
  /** Counts since the last reset. */
  counts(): ProxyCounts;
  reset(): void;
  close(): Promise<void>;
}

/** Service name from the SigV4 credential scope: `Credential=AKID/date/region/service/aws4_request`. */
function serviceOf(headers: IncomingHttpHeaders): string {
  const auth = String(headers.authorization ?? '');
  return /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(auth)?.[1] ?? 'unsigned';
}

/**
 * Operation name as the three AWS wire protocols carry it: `X-Amz-Target` (JSON), `Action=` in the form
 * body or query (query protocol: IAM, STS, EC2), or for S3's REST protocol the method, whether a bucket
 * is addressed, and the sub-resource keys of the query string.
 */
function operationOf(method: string, url: string, headers: IncomingHttpHeaders, body: string): string {
  const service = serviceOf(headers);
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return `${service}:${target.split('.').pop()}`;
  const u = new URL(url, 'http://proxy');
  const action = u.searchParams.get('Action') ?? (body ? new URLSearchParams(body).get('Action') : null);
  if (action) return `${service}:${action}`;
  if (service === 's3' || service === 's3-control' || service === 'unsigned') {
    const segments = u.pathname.split('/').filter(Boolean);
    const where = segments.length === 0 ? 'service' : segments.length === 1 ? 'bucket' : 'object';
    const keys = [...u.searchParams.keys()].filter((k) => !k.startsWith('x-') && !k.startsWith('X-'));
    return `${service}:${method} ${where}${keys.length ? ` ?${keys.sort().join('&')}` : ''}`;
  }
  return `${service}:${method} ${u.pathname}`;
}

/**
 * A loopback HTTP proxy in front of the emulator that counts every request it forwards, by operation, so
 * two tools' API calls can be compared on the wire, independently of what either tool reports about itself.
 */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  let requests = 0;
  let byOperation: Record<string, number> = {};
  let errors: Record<string, number> = {};
  let first: number | undefined;
  let last: number | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const isForm = String(req.headers['content-type'] ?? '').includes('x-www-form-urlencoded');
      const op = operationOf(req.method ?? 'GET', req.url ?? '/', req.headers, isForm ? body.toString() : '');
      requests += 1;
      byOperation[op] = (byOperation[op] ?? 0) + 1;
      first ??= performance.now();
      const fwd = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (up) => {
          const status = up.statusCode ?? 502;
          if (status >= 400) errors[`${op} ${status}`] = (errors[`${op} ${status}`] ?? 0) + 1;
          res.writeHead(status, up.headers);
          up.pipe(res);
          up.on('end', () => {
            last = performance.now();
          });
        },
      );
      fwd.on('error', (err) => {
        res.writeHead(502);
        res.end(String(err));
      });
      fwd.end(body);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts: () => ({
      requests,
      byOperation: { ...byOperation },
      errors: { ...errors },
      apiPhaseMs: first !== undefined && last !== undefined ? Math.round(last - first) : 0,
    }),
    reset: () => {
      requests = 0;
      byOperation = {};
      errors = {};
      first = undefined;
      last = undefined;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
