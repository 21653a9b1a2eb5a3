import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  Checksum,
  SourceData,
} from '@smithy/types';
import { DependencyError } from '../errors.js';

/** SHA-256 / HMAC-SHA-256 for the SigV4 signer, on node:crypto. */
export class Sha256 implements Checksum {
  private readonly h;
  constructor(secret?: SourceData) {
    this.h = secret ? createHmac('sha256', Buffer.from(secret as Uint8Array)) : createHash('sha256');
  }
  update(data: Uint8Array): void {
    this.h.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
  reset(): void {
    throw new Error('not supported');
  }
}

/** An answer of the HTTP API: its status and JSON body (API Gateway's own errors are `{ message }`). */
export interface ApiAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * Sends a SigV4-signed (execute-api) request to the deployment's HTTP API, as an SDK or `awscurl` would: the API
 * authorizes it with IAM and passes the caller's identity to the function.
 */
export async function signedFetch(
  endpoint: string,
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider,
  method: 'GET' | 'POST',
  pathAndQuery: string,
  body?: unknown,
  region = 'us-east-1',
): Promise<ApiAnswer> {
  const base = new URL(endpoint);
  const url = new URL(`${base.pathname.replace(/\/$/, '')}${pathAndQuery}`, base);
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const signer = new SignatureV4({ service: 'execute-api', region, sha256: Sha256, credentials });
  const signed = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { host: url.host, ...(text ? { 'content-type': 'application/json' } : {}) },
    body: text,
  });
  let res: Response;
  try {
    res = await fetch(url, { method, headers: signed.headers, ...(text ? { body: text } : {}) });
  } catch (e) {
    throw new DependencyError('HTTP API', `${url.origin}: ${(e as Error).message}`, { cause: e });
  }
  const answer = await res.text();
  try {
    return { status: res.status, body: JSON.parse(answer) as Record<string, unknown> };
  } catch {
    return { status: res.status, body: { message: answer.slice(0, 200) } };
  }
}
