import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  GRAPH_FIXTURE_CLIENT_ID,
  GRAPH_FIXTURE_SECRET,
  GRAPH_FIXTURE_TENANT,
  LEAVER_DEPROVISIONED_AT,
  captureOutput,
  graphForbidden,
  graphThrottled,
  recordingSleep,
  startGraphFixture,
  type GraphFixture,
  type GraphFixtureOptions,
} from '../../../test/fixtures/idp/index.js';
import { canonicalBytes } from '../../evidence/canonical.js';
import type { EntraConnection } from '../../sources/idp/graph.js';
import { createLogger } from '../../logging/logger.js';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector } from './collector.js';
import type { EntraUsersData } from './schema.js';

const NOW = new Date('2026-03-01T00:00:00Z');

describe('entra-users', () => {
  let graph: GraphFixture;
  let pause: ReturnType<typeof recordingSleep>;
  const start = async (o: GraphFixtureOptions = {}) => {
    graph = await startGraphFixture({ scale: 10, maxPageSize: 4, ...o });
  };
  const run = (conn: Partial<EntraConnection> = {}) =>
    collectEnvelope(
      collector,
      { tenant: GRAPH_FIXTURE_TENANT },
      {
        connection: {},
        now: () => NOW,
        extras: {
          entra: {
            tenantId: GRAPH_FIXTURE_TENANT,
            clientId: GRAPH_FIXTURE_CLIENT_ID,
            clientSecret: async () => GRAPH_FIXTURE_SECRET,
            graphBaseUrl: graph.url,
            tokenUrl: `${graph.url}/${GRAPH_FIXTURE_TENANT}/oauth2/v2.0/token`,
            sleep: pause.sleep,
            now: () => NOW,
            ...conn,
          },
        },
      },
    );
  const data = (e: { data: unknown }) => e.data as EntraUsersData;
  const byEmail = (d: EntraUsersData, email: string) => d.users.find((u) => u.email === email)!;

  beforeEach(async () => {
    pause = recordingSleep();
    await start();
  });
  afterEach(() => graph.close());

  it('lists users over several pages with sign-in dates, MFA registration, admin flag and deleted users', async () => {
    const { envelope } = await run();
    expect(envelope.errors).toEqual([]);
    const d = data(envelope);
    expect(d.signInActivityAvailable).toBe(true);
    expect(d.users).toHaveLength(graph.users.length);
    expect(byEmail(d, 'alice@acme.example')).toMatchObject({
      isAdmin: true,
      mfa: { registered: true, capable: true, methods: ['fido2', 'microsoftAuthenticatorPush'] },
      lastSignIn: '2026-02-27T08:15:00Z',
    });
    expect(byEmail(d, 'bob@acme.example')).toMatchObject({
      userPrincipalName: 'bob@acme.example',
      mfa: { registered: true },
    });
    expect(byEmail(d, 'carol@acme.example')).toMatchObject({
      mfa: { registered: false, capable: false, methods: [] },
      lastSignIn: null,
    });
    expect(byEmail(d, 'dave@acme.example').mfa).toEqual({
      registered: true,
      capable: false,
      methods: ['mobilePhone'],
    });
    expect(byEmail(d, 'frank@acme.example').accountEnabled).toBe(false);
    expect(byEmail(d, 'partner@example.com')).toMatchObject({ userType: 'Guest', mfa: null, isAdmin: null });
    expect(byEmail(d, 'grace@acme.example')).toMatchObject({
      lastSignIn: null,
      lastNonInteractiveSignIn: null,
    });
    expect(d.users.some((u) => u.email === 'erin@acme.example')).toBe(false);
    expect(d.deletedUsers).toEqual([
      expect.objectContaining({
        email: 'erin@acme.example',
        deletedAt: LEAVER_DEPROVISIONED_AT.replace('.000', ''),
      }),
    ]);
    expect(JSON.stringify(d)).not.toMatch(/jobTitle|Analyst|displayName/);

    const ops = envelope.provenance.operations;
    const usersOp = ops.find((o) => o.operation === 'GET /v1.0/users')!;
    expect(usersOp).toMatchObject({
      service: 'graph',
      pages: Math.ceil(graph.users.length / 4),
      items: graph.users.length,
    });
    expect(usersOp.params).toEqual({ $select: expect.stringContaining('signInActivity'), $top: '999' });
    expect(usersOp.requestIds).toHaveLength(usersOp.pages);
    expect(ops).toContainEqual(
      expect.objectContaining({
        operation: 'GET /v1.0/reports/authenticationMethods/userRegistrationDetails',
        items: graph.registrations.length,
      }),
    );
    expect(ops).toContainEqual(
      expect.objectContaining({
        service: 'entra-token',
        params: { grant_type: 'client_credentials', client_id: GRAPH_FIXTURE_CLIENT_ID },
        pages: 1,
      }),
    );
    expect(graph.issuedTokens).toHaveLength(1);
  });

  it('lists users without sign-in dates when the tenant has no Entra ID P1', async () => {
    await graph.close();
    await start({ premium: false });
    const { envelope } = await run();
    expect(envelope.errors).toEqual([]);
    const d = data(envelope);
    expect(d.signInActivityAvailable).toBe(false);
    expect(d.users).toHaveLength(graph.users.length);
    expect(d.users.every((u) => u.lastSignIn === null)).toBe(true);
    expect(envelope.provenance.notes).toContainEqual(expect.stringContaining('Entra ID P1'));
  });

  it('honours a Retry-After HTTP date on 429 and completes the listing', async () => {
    graph.fault({
      path: '/v1.0/users',
      when: (r) => r.query.has('$skiptoken'),
      respond: graphThrottled('Sun, 01 Mar 2026 00:00:02 GMT'),
    });
    const { envelope } = await run();
    expect(envelope.errors).toEqual([]);
    expect(data(envelope).users).toHaveLength(graph.users.length);
    expect(pause.waits).toEqual([2000]);
  });

  it('records a refused client secret as AccessDenied', async () => {
    const { envelope } = await run({ clientSecret: async () => 'wrong-secret-value' });
    expect(envelope.data).toBeNull();
    expect(envelope.errors).toEqual([
      expect.objectContaining({ code: 'AccessDenied', message: expect.stringContaining('invalid_client') }),
    ]);
  });

  it('records a 403 on the registration report and leaves MFA unknown, never false', async () => {
    graph.fault({
      path: '/v1.0/reports/authenticationMethods/userRegistrationDetails',
      respond: graphForbidden,
    });
    const { envelope } = await run();
    expect(envelope.errors).toEqual([
      expect.objectContaining({ code: 'AccessDenied', resource: 'userRegistrationDetails' }),
    ]);
    expect(data(envelope).users.every((u) => u.mfa === null && u.isAdmin === null)).toBe(true);
    expect(envelope.provenance.complete).toBe(false);
  });

  it('turns a wrong-typed field into InvalidSourceData', async () => {
    graph.fault({
      path: '/v1.0/users',
      transform: (body) => {
        const b = body as { value: Record<string, unknown>[] };
        b.value[1]!.accountEnabled = 'yes';
        return b;
      },
    });
    const { envelope } = await run();
    expect(envelope.data).toBeNull();
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'InvalidSourceData',
        message: expect.stringContaining('value.1.accountEnabled'),
      }),
    ]);
  });

  it('never puts the client secret or access token into evidence, provenance or logs', async () => {
    const planted = 'Pl4nted~EntraClientSecret_0123456789abcdef';
    await graph.close();
    await start({ clientSecret: planted });
    graph.fault({ path: '/v1.0/users', respond: graphThrottled('1') });
    const out = captureOutput();
    let envelope;
    try {
      ({ envelope } = await run({
        clientSecret: async () => planted,
        logger: createLogger({ serviceName: 'entra-test', level: 'DEBUG' }),
      }));
    } finally {
      out.restore();
    }
    expect(envelope.errors).toEqual([]);
    expect(out.text()).toMatch(/identity provider request retried/);
    const bytes = Buffer.from(canonicalBytes(envelope)).toString('utf8');
    for (const secret of [planted, ...graph.issuedTokens]) {
      expect(bytes).not.toContain(secret);
      expect(out.text()).not.toContain(secret);
    }
  });
});
