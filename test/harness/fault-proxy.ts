import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from '@jest/globals';
import { awsTestConfig, motoEndpoint } from './aws.js';

export interface ProxiedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface FaultResponse {
  readonly status: number;
  readonly body: string;
  readonly headers?: Record<string, string>;
}

/**
 * A loopback HTTP proxy in front of the emulator that answers chosen requests with a fault (403, 429,
 * a malformed page...) and forwards everything else untouched. Lets tests produce AccessDenied or
 * throttling on one resource through the real SDK clients.
 */
export async function startFaultProxy(
  target: string,
  rule: (req: ProxiedRequest) => FaultResponse | undefined,
): Promise<{ endpoint: string; hits: () => number; close: () => Promise<void> }> {
  const upstream = new URL(target);
  let hits = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const fault = rule({
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: body.toString(),
      });
      if (fault) {
        hits += 1;
        res.writeHead(fault.status, { 'content-type': 'text/xml', ...fault.headers });
        res.end(fault.body);
        return;
      }
      const fwd = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      fwd.on('error', (err) => {
        res.writeHead(502);
        res.end(String(err));
      });
      fwd.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** An AWS query-protocol (IAM, EC2, RDS...) XML error body. */
export function awsXmlError(code: string, message = code): string {
  return `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`;
}

/** An AWS JSON-protocol (KMS, GuardDuty...) error body; send with content-type application/x-amz-json-1.1. */
export function awsJsonError(type: string, message = type): string {
  return JSON.stringify({ __type: type, message });
}

/**
 * For a test file whose tests each put a fault proxy in front of this worker's moto: registers an afterEach that
 * closes the running test's proxy, and returns the starter, which gives SDK client config through a new proxy
 * applying `rule` (no faults by default).
 */
export function faultProxyPerTest(
  region?: string,
): (rule?: (req: ProxiedRequest) => FaultResponse | undefined) => Promise<ReturnType<typeof awsTestConfig>> {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });
  return async (rule = () => undefined) => {
    const p = await startFaultProxy(motoEndpoint(), rule);
    close = p.close;
    return { ...awsTestConfig(region), endpoint: p.endpoint };
  };
}
