import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  LEAVER_DEPROVISIONED_AT,
  OKTA_FIXTURE_TOKEN,
  captureOutput,
  oktaForbidden,
  oktaRateLimited,
  recordingSleep,
  startOktaFixture,
  type OktaFixture,
} from '../../../test/fixtures/idp/index.js';
import { canonicalBytes } from '../../evidence/canonical.js';
import { createLogger } from '../../logging/logger.js';
import type { OktaConnection } from '../../sources/idp/okta.js';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector } from './collector.js';
import type { OktaUsersData } from './schema.js';

const scope = { tenant: 'acme.okta.com' };

describe('okta-users', () => {
  let okta: OktaFixture;
  let pause: ReturnType<typeof recordingSleep>;
  const run = (conn: Partial<OktaConnection> = {}) =>
    collectEnvelope(collector, scope, {
      connection: {},
      now: () => new Date('2026-03-01T00:00:00Z'),
      extras: {
        okta: {
          baseUrl: okta.url,
          token: async () => OKTA_FIXTURE_TOKEN,
          sleep: pause.sleep,
          pageSize: 2,
          ...conn,
        },
      },
    });
  const data = (e: { data: unknown }) => e.data as OktaUsersData;
  const byEmail = (d: OktaUsersData, email: string) => d.users.find((u) => u.email === email)!;

  beforeEach(async () => {
    okta = await startOktaFixture({ scale: 23 });
    pause = recordingSleep();
  });
  afterEach(() => okta.close());

  it('lists every user over several pages, DEPROVISIONED included, with normalized emails and factors', async () => {
    const { envelope } = await run();
    expect(envelope.errors).toEqual([]);
    expect(envelope.provenance.complete).toBe(true);
    const d = data(envelope);
    expect(d.users).toHaveLength(okta.users.length);
    expect(new Set(d.users.map((u) => u.status))).toEqual(
      new Set([
        'ACTIVE',
        'SUSPENDED',
        'STAGED',
        'PROVISIONED',
        'LOCKED_OUT',
        'PASSWORD_EXPIRED',
        'RECOVERY',
        'DEPROVISIONED',
      ]),
    );
    expect(byEmail(d, 'erin@acme.example')).toMatchObject({
      status: 'DEPROVISIONED',
      statusChanged: LEAVER_DEPROVISIONED_AT,
    });
    expect(byEmail(d, 'bob@acme.example')).toMatchObject({
      login: 'bob@acme.example',
      factors: [{ factorType: 'token:software:totp', status: 'ACTIVE' }],
    });
    expect(byEmail(d, 'alice@acme.example').factors?.map((f) => f.factorType)).toEqual(['push', 'webauthn']);
    expect(byEmail(d, 'carol@acme.example')).toMatchObject({ factors: [], lastLogin: null });
    expect(byEmail(d, 'dave@acme.example').factors).toEqual([
      expect.objectContaining({ factorType: 'sms', status: 'PENDING_ACTIVATION' }),
    ]);
    const factorStatuses = new Set(d.users.flatMap((u) => u.factors ?? []).map((f) => f.status));
    expect(factorStatuses).toEqual(
      new Set(['ACTIVE', 'PENDING_ACTIVATION', 'ENROLLED', 'NOT_SETUP', 'INACTIVE', 'EXPIRED', 'DISABLED']),
    );
    // Only what a control needs: no names or phone numbers.
    expect(JSON.stringify(d)).not.toMatch(/firstName|Leaver|555 0100/);

    const listed = okta.users.filter((u) => u.status !== 'DEPROVISIONED').length;
    const ops = envelope.provenance.operations;
    expect(ops).toContainEqual(
      expect.objectContaining({
        service: 'okta',
        operation: 'GET /api/v1/users',
        params: { limit: '2' },
        pages: Math.ceil(listed / 2),
        items: listed,
      }),
    );
    expect(ops).toContainEqual(
      expect.objectContaining({
        operation: 'GET /api/v1/users',
        params: { limit: '2', filter: 'status eq "DEPROVISIONED"' },
      }),
    );
    const factorsOp = ops.find((o) => o.operation === 'GET /api/v1/users/{id}/factors')!;
    expect(factorsOp).toMatchObject({
      pages: okta.users.length,
      items: d.users.reduce((n, u) => n + u.factors!.length, 0),
    });
    expect(factorsOp.requestIds[0]).toMatch(/^req-okta-\d+$/);
    expect(envelope.provenance.identity).toBe(`okta-api-token@${new URL(okta.url).host}`);
  });

  it('waits for Retry-After on 429 and still collects every user', async () => {
    okta.fault({
      path: '/api/v1/users',
      when: (r) => r.query.has('after') && !r.query.has('filter'),
      respond: oktaRateLimited(3),
      times: 2,
    });
    const { envelope } = await run();
    expect(envelope.errors).toEqual([]);
    expect(data(envelope).users).toHaveLength(okta.users.length);
    expect(pause.waits).toEqual([3000, 3000]);
    expect(
      okta.requests.filter((r) => r.path === '/api/v1/users' && r.query.has('after')).length,
    ).toBeGreaterThan(2);
    expect(envelope.provenance.notes?.join('\n')).toMatch(/HTTP 429 on attempt 1, retried after 3000 ms/);
  });

  it('records a rejected token as AccessDenied, never as data', async () => {
    const { envelope } = await run({ token: async () => '00wrongTokenValue' });
    expect(envelope.data).toBeNull();
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'AccessDenied',
        operation: 'collect',
        message: expect.stringContaining('E0000011'),
      }),
    ]);
    expect(envelope.provenance.complete).toBe(false);
  });

  it("records a 403 on one user's factors against that user and keeps the rest", async () => {
    const carol = okta.users.find((u) => u.profile.email === 'carol@acme.example')!;
    okta.fault({ path: `/api/v1/users/${carol.id}/factors`, respond: oktaForbidden });
    const { envelope } = await run();
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'AccessDenied',
        resource: carol.id,
        operation: 'GET /api/v1/users/{id}/factors',
      }),
    ]);
    const d = data(envelope);
    expect(byEmail(d, 'carol@acme.example').factors).toBeNull();
    expect(byEmail(d, 'alice@acme.example').factors).toHaveLength(2);
    expect(envelope.provenance.complete).toBe(false);
  });

  it('turns a wrong-typed field or a truncated page into InvalidSourceData', async () => {
    okta.fault({
      path: '/api/v1/users',
      when: (r) => r.query.has('after'),
      transform: (body) => (body as { status: unknown }[]).map((u, i) => (i === 0 ? { ...u, status: 7 } : u)),
    });
    const wrongType = await run();
    expect(wrongType.envelope.data).toBeNull();
    expect(wrongType.envelope.errors).toEqual([
      expect.objectContaining({
        code: 'InvalidSourceData',
        message: expect.stringMatching(/page 2: 0\.status/),
      }),
    ]);

    okta.fault({ path: '/api/v1/users', respond: { status: 200, raw: '[{"id":"00u1","status":"ACT' } });
    const truncated = await run();
    expect(truncated.envelope.errors).toEqual([
      expect.objectContaining({ code: 'InvalidSourceData', message: expect.stringContaining('not JSON') }),
    ]);
  });

  it('never puts the API token into evidence, provenance or logs', async () => {
    const planted = '00PLANTEDoktaToken_9f8e7d6c5b4a3210zyxwv';
    await okta.close();
    okta = await startOktaFixture({ token: planted, scale: 3 });
    okta.fault({ path: '/api/v1/users', respond: oktaRateLimited(1) });
    const carol = okta.users.find((u) => u.profile.email === 'carol@acme.example')!;
    okta.fault({ path: `/api/v1/users/${carol.id}/factors`, respond: oktaForbidden });
    const out = captureOutput();
    let envelope;
    try {
      const logger = createLogger({ serviceName: 'okta-test', level: 'DEBUG' });
      ({ envelope } = await run({ token: async () => planted, logger }));
      logger.debug('request headers', { headers: { authorization: `SSWS ${planted}` } });
    } finally {
      out.restore();
    }
    expect(data(envelope).users.length).toBe(okta.users.length);
    expect(okta.requests.every((r) => r.headers.authorization === `SSWS ${planted}`)).toBe(true);
    expect(out.text()).toMatch(/identity provider request retried/);
    expect(out.text()).not.toContain(planted);
    expect(Buffer.from(canonicalBytes(envelope)).toString('utf8')).not.toContain(planted);
  });
});
