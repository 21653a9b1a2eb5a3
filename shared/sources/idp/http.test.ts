import { describe, expect, it } from '@jest/globals';
import * as z from 'zod';
import { ProvenanceRecorder } from '../../kernel/provenance.js';
import { classifyError } from '../../kernel/errors.js';
import { createLogger } from '../../logging/logger.js';
import { IdpHttpError, IdpInvalidDataError } from './errors.js';
import { IdpHttpClient, errorSummary } from './http.js';
import { odataNextLink, pageTokenNext, parseLinkNext } from './paging.js';
import { retryAfterMs } from './retry.js';

const Page = z.object({ value: z.array(z.number()), '@odata.nextLink': z.string().optional() });
type Answer = { status: number; body: unknown; headers?: Record<string, string> } | Error;

/** An injected fetch that answers from a script, one entry per call, and logs the URLs asked. */
function scripted(answers: Answer[]) {
  const urls: string[] = [];
  const fetchFn = (async (input: URL | string) => {
    urls.push(String(input));
    const a = answers.shift();
    if (!a) throw new Error('no scripted answer left');
    if (a instanceof Error) throw a;
    return new Response(typeof a.body === 'string' ? a.body : JSON.stringify(a.body), {
      status: a.status,
      headers: a.headers,
    });
  }) as typeof fetch;
  return { fetchFn, urls };
}

function client(answers: Answer[], extra: { maxAttempts?: number } = {}) {
  const { fetchFn, urls } = scripted(answers);
  const waits: number[] = [];
  const recorder = new ProvenanceRecorder();
  const http = new IdpHttpClient({
    service: 'graph',
    baseUrl: 'https://graph.example',
    fetch: fetchFn,
    sleep: async (ms) => void waits.push(ms),
    recorder,
    requestIdHeader: 'request-id',
    logger: createLogger({ serviceName: 'http-test', level: 'SILENT' }),
    ...extra,
  });
  const list = () =>
    http.listAll({
      path: '/v1.0/things',
      params: { $top: '2' },
      schema: Page,
      items: (p) => p.value,
      next: odataNextLink,
    });
  return { http, list, urls, waits, recorder };
}

describe('IdpHttpClient', () => {
  it('follows next links and records each page with its request id', async () => {
    const c = client([
      {
        status: 200,
        body: { value: [1, 2], '@odata.nextLink': 'https://graph.example/v1.0/things?$top=2&$skiptoken=x' },
        headers: { 'request-id': 'r1' },
      },
      { status: 200, body: { value: [3] }, headers: { 'request-id': 'r2' } },
    ]);
    expect(await c.list()).toEqual([1, 2, 3]);
    expect(c.recorder.operations()).toEqual([
      {
        service: 'graph',
        operation: 'GET /v1.0/things',
        params: { $top: '2' },
        pages: 2,
        items: 3,
        requestIds: ['r1', 'r2'],
      },
    ]);
  });

  it('retries 5xx and network failures with exponential backoff', async () => {
    const c = client([
      { status: 503, body: {} },
      new TypeError('fetch failed'),
      { status: 200, body: { value: [1] } },
    ]);
    expect(await c.list()).toEqual([1]);
    expect(c.waits).toEqual([500, 1000]);
  });

  it('gives up after maxAttempts and records the failure', async () => {
    const c = client(
      [
        { status: 500, body: { error: { code: 'InternalServerError', message: 'boom' } } },
        { status: 500, body: {} },
      ],
      { maxAttempts: 2 },
    );
    const err = await c.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdpHttpError);
    expect((err as IdpHttpError).status).toBe(500);
    expect(c.urls).toHaveLength(2);
    expect(c.recorder.operations()[0]).toMatchObject({ pages: 1, items: 0, error: 'HTTP 500' });
  });

  it('does not retry 401/403, which classify as AccessDenied', async () => {
    const c = client([
      {
        status: 403,
        body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges' } },
      },
    ]);
    const err = await c.list().catch((e: unknown) => e);
    expect(classifyError(err)).toEqual({
      code: 'AccessDenied',
      message: expect.stringContaining('Authorization_RequestDenied'),
    });
    expect(c.waits).toEqual([]);
  });

  it('refuses a next link on another origin, so credentials never leave the configured host', async () => {
    const c = client([
      { status: 200, body: { value: [1], '@odata.nextLink': 'https://evil.example/v1.0/things' } },
    ]);
    const err = await c.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdpInvalidDataError);
    expect(classifyError(err).code).toBe('InvalidSourceData');
    expect(c.urls).toHaveLength(1);
  });

  it('stops a next link that repeats', async () => {
    const self = 'https://graph.example/v1.0/things?$top=2';
    const c = client([{ status: 200, body: { value: [1], '@odata.nextLink': self } }]);
    await expect(c.list()).rejects.toThrow(/repeats/);
  });

  it('follows Google page tokens on the same request', async () => {
    const { fetchFn, urls } = scripted([
      { status: 200, body: { users: [{ id: 'a' }], nextPageToken: 't1' } },
      { status: 200, body: { users: [{ id: 'b' }] } },
    ]);
    const http = new IdpHttpClient({
      service: 'google-admin',
      baseUrl: 'https://admin.example',
      fetch: fetchFn,
    });
    const schema = z.object({
      users: z.array(z.object({ id: z.string() })).optional(),
      nextPageToken: z.string().optional(),
    });
    const items = await http.listAll({
      path: '/admin/directory/v1/users',
      params: { customer: 'my_customer' },
      schema,
      items: (p) => p.users ?? [],
      next: pageTokenNext(),
    });
    expect(items.map((u) => u.id)).toEqual(['a', 'b']);
    expect(new URL(urls[1]!).searchParams.get('pageToken')).toBe('t1');
    expect(new URL(urls[1]!).searchParams.get('customer')).toBe('my_customer');
  });
});

describe('paging and retry helpers', () => {
  it('reads rel="next" among several links', () => {
    expect(
      parseLinkNext(
        '<https://o.example/api/v1/users?limit=2>; rel="self", <https://o.example/api/v1/users?after=x&limit=2>; rel="next"',
      ),
    ).toBe('https://o.example/api/v1/users?after=x&limit=2');
    expect(parseLinkNext('<https://o.example/api/v1/users?limit=2>; rel="self"')).toBeUndefined();
    expect(parseLinkNext(null)).toBeUndefined();
  });

  it('reads Retry-After as seconds or an HTTP date, and Okta x-rate-limit-reset', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': '7' }), now)).toBe(7000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Mar 2026 00:00:05 GMT' }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({ 'x-rate-limit-reset': String(now.getTime() / 1000 + 9) }), now)).toBe(
      9000,
    );
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
  });

  it('summarizes vendor error bodies without secrets', () => {
    expect(
      errorSummary(JSON.stringify({ errorCode: 'E0000011', errorSummary: 'Invalid token provided' })),
    ).toBe('E0000011 Invalid token provided');
    expect(
      errorSummary(
        JSON.stringify({ error: 'invalid_client', error_description: 'bad client_secret=abc123' }),
      ),
    ).not.toContain('abc123');
    expect(errorSummary('<html>')).toBe('');
  });
});
