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
  /** Sees each forwarded request with the emulator's answer (the answer is then buffered, not streamed). */
  observe?: (req: ProxiedRequest, res: { status: number; body: string }) => void,
): Promise<{ endpoint: string; hits: () => number; close: () => Promise<void> }> {
  const upstream = new URL(target);
  let hits = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const proxied = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: body.toString(),
      };
      const fault = rule(proxied);
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
          if (!observe) {
            up.pipe(res);
            return;
          }
          const answer: Buffer[] = [];
          up.on('data', (c: Buffer) => answer.push(c));
          up.on('end', () => {
            const bytes = Buffer.concat(answer);
            observe(proxied, { status: up.statusCode ?? 502, body: bytes.toString() });
            res.end(bytes);
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

/** The SigV4 access key id and service of a signed request. */
function signer(headers: IncomingHttpHeaders): { accessKey?: string; service?: string } {
  const m = /Credential=([^/]+)\/\d+\/[^/]+\/([^/]+)\//.exec(String(headers.authorization ?? ''));
  return m ? { accessKey: m[1], service: m[2] } : {};
}

/** Requests per second and burst of one account's token bucket for one service. */
export interface ApiRate {
  readonly perSecond: number;
  readonly burst: number;
}

/**
 * Per-account API throttling, as AWS applies it: a token bucket per (account, service), refilled at `rate`;
 * a request finding the bucket empty is answered with the service's throttling error (`Throttling` for the
 * query protocol, `ThrottlingException` for JSON), which SDK v3 retries (adaptive mode backs off and rate-limits
 * the client). The emulator's requests name no account, so the account of each access key is learned from the
 * STS AssumeRole answers passing through (the way collectors reach member accounts); requests signed with keys
 * not learned that way (the platform's own calls) are never throttled. Pass `rule` and `observe` to
 * {@link startFaultProxy}.
 */
export function accountThrottle(rate: (account: string, service: string) => ApiRate | undefined) {
  const accountOf = new Map<string, string>();
  const buckets = new Map<string, { tokens: number; at: number }>();
  const throttled = new Map<string, number>();
  const assumed = new Map<string, number>();
  const rule = (req: ProxiedRequest): FaultResponse | undefined => {
    const { accessKey, service } = signer(req.headers);
    const account = accessKey ? accountOf.get(accessKey) : undefined;
    const r = account && service ? rate(account, service) : undefined;
    if (!account || !service || !r) return undefined;
    const key = `${account}:${service}`;
    const now = Date.now();
    const b = buckets.get(key) ?? { tokens: r.burst, at: now };
    b.tokens = Math.min(r.burst, b.tokens + ((now - b.at) / 1000) * r.perSecond);
    b.at = now;
    buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return undefined;
    }
    throttled.set(account, (throttled.get(account) ?? 0) + 1);
    return typeof req.headers['x-amz-target'] === 'string'
      ? {
          status: 400,
          body: awsJsonError('ThrottlingException', 'Rate exceeded'),
          headers: { 'content-type': 'application/x-amz-json-1.1' },
        }
      : { status: 400, body: awsXmlError('Throttling', 'Rate exceeded') };
  };
  const observe = (req: ProxiedRequest, res: { status: number; body: string }) => {
    if (res.status !== 200 || !req.body.includes('Action=AssumeRole')) return;
    const role = new URLSearchParams(req.body).get('RoleArn') ?? '';
    const account = /^arn:aws[\w-]*:iam::(\d{12}):/.exec(role)?.[1];
    const key = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(res.body)?.[1];
    if (!account || !key) return;
    accountOf.set(key, account);
    assumed.set(account, (assumed.get(account) ?? 0) + 1);
  };
  /** Throttling answers given, per account. */
  const counts = (): Record<string, number> => Object.fromEntries(throttled);
  /** AssumeRole calls answered, per account. */
  const assumeRoles = (): Record<string, number> => Object.fromEntries(assumed);
  return { rule, observe, counts, assumeRoles };
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
