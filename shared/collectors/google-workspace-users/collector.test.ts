import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  GOOGLE_FIXTURE_ADMIN,
  captureOutput,
  googleForbidden,
  googleRateLimited,
  recordingSleep,
  startGoogleFixture,
  type GoogleFixture,
} from '../../../test/fixtures/idp/index.js';
import { canonicalBytes } from '../../evidence/canonical.js';
import { buildIdpExtras } from '../../sources/idp/extras.js';
import type { GoogleConnection } from '../../sources/idp/google.js';
import { createLogger } from '../../logging/logger.js';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector } from './collector.js';
import type { GoogleWorkspaceUsersData } from './schema.js';

const scope = { tenant: 'acme.example' };
const NOW = new Date('2026-03-01T00:00:00Z');

describe('google-workspace-users', () => {
  let google: GoogleFixture;
  let pause: ReturnType<typeof recordingSleep>;
  const connection = (conn: Partial<GoogleConnection> = {}): GoogleConnection => ({
    customer: 'my_customer',
    adminEmail: GOOGLE_FIXTURE_ADMIN,
    serviceAccount: async () => google.serviceAccountKey,
    baseUrl: google.url,
    sleep: pause.sleep,
    now: () => NOW,
    ...conn,
  });
  const run = (googleWorkspace: GoogleConnection = connection()) =>
    collectEnvelope(collector, scope, { connection: {}, now: () => NOW, extras: { googleWorkspace } });
  const data = (e: { data: unknown }) => e.data as GoogleWorkspaceUsersData;
  const byEmail = (d: GoogleWorkspaceUsersData, email: string) =>
    d.users.find((u) => u.primaryEmail === email)!;

  beforeEach(async () => {
    google = await startGoogleFixture({ scale: 12, maxPageSize: 5 });
    pause = recordingSleep();
  });
  afterEach(() => google.close());

  it('lists every user over several pages with 2SV, suspension, admin flags and deleted users', async () => {
    const { envelope } = await run();
    expect(envelope.errors).toEqual([]);
    const d = data(envelope);
    expect(d.users).toHaveLength(google.users.length);
    expect(byEmail(d, 'alice@acme.example')).toMatchObject({
      isAdmin: true,
      isEnrolledIn2Sv: true,
      isEnforcedIn2Sv: true,
    });
    expect(byEmail(d, 'bob@acme.example')).toMatchObject({ isEnrolledIn2Sv: true, isEnforcedIn2Sv: false });
    expect(byEmail(d, 'carol@acme.example')).toMatchObject({
      isEnrolledIn2Sv: false,
      isEnforcedIn2Sv: true,
      lastLogin: null,
    });
    expect(byEmail(d, 'dave@acme.example')).toMatchObject({
      isEnrolledIn2Sv: false,
      isEnforcedIn2Sv: false,
      isDelegatedAdmin: true,
    });
    expect(byEmail(d, 'erin@acme.example')).toMatchObject({ suspended: true });
    expect(byEmail(d, 'archie@acme.example')).toMatchObject({ archived: true, lastLogin: null });
    expect(d.deletedUsers).toEqual([
      {
        id: google.deletedUsers[0]!.id,
        primaryEmail: 'former@acme.example',
        deletedAt: '2026-02-20T12:00:00.000Z',
      },
    ]);
    // projection=full brings custom schemas (HR data) and names: none of it is kept.
    expect(JSON.stringify(d)).not.toMatch(/costCenter|employeeId|fullName|Leaver/);

    const ops = envelope.provenance.operations;
    expect(ops).toContainEqual(
      expect.objectContaining({
        service: 'google-admin',
        operation: 'GET /admin/directory/v1/users',
        params: { customer: 'my_customer', projection: 'full', maxResults: '500' },
        pages: Math.ceil(google.users.length / 5),
        items: google.users.length,
      }),
    );
    expect(ops).toContainEqual(
      expect.objectContaining({
        service: 'google-token',
        params: expect.objectContaining({ sub: GOOGLE_FIXTURE_ADMIN }),
      }),
    );
    expect(envelope.provenance.identity).toBe(
      `google-service-account:${google.serviceAccountKey.client_email} as ${GOOGLE_FIXTURE_ADMIN}`,
    );
  });

  it('waits for Retry-After on 429 and completes the listing', async () => {
    google.fault({
      path: '/admin/directory/v1/users',
      when: (r) => r.query.has('pageToken'),
      respond: googleRateLimited('4'),
    });
    const { envelope } = await run();
    expect(envelope.errors).toEqual([]);
    expect(data(envelope).users).toHaveLength(google.users.length);
    expect(pause.waits).toEqual([4000]);
  });

  it('gives up on a 429 that asks to wait longer than allowed, as Throttled', async () => {
    google.fault({ path: '/admin/directory/v1/users', respond: googleRateLimited('3600') });
    const { envelope } = await run();
    expect(envelope.data).toBeNull();
    expect(envelope.errors).toEqual([expect.objectContaining({ code: 'Throttled' })]);
    expect(pause.waits).toEqual([]);
  });

  it('records a 403 and a refused delegation as AccessDenied', async () => {
    google.fault({ path: '/admin/directory/v1/users', respond: googleForbidden });
    const forbidden = await run();
    expect(forbidden.envelope.errors).toEqual([
      expect.objectContaining({ code: 'AccessDenied', message: expect.stringContaining('Not Authorized') }),
    ]);

    const wrongSubject = await run(connection({ adminEmail: 'mallory@acme.example' }));
    expect(wrongSubject.envelope.data).toBeNull();
    expect(wrongSubject.envelope.errors).toEqual([
      expect.objectContaining({ code: 'AccessDenied', message: expect.stringContaining('invalid_grant') }),
    ]);
  });

  it('turns a wrong-typed field into InvalidSourceData', async () => {
    google.fault({
      path: '/admin/directory/v1/users',
      transform: (body) => {
        const b = body as { users: Record<string, unknown>[] };
        b.users[2]!.isEnrolledIn2Sv = 'true';
        return b;
      },
    });
    const { envelope } = await run();
    expect(envelope.data).toBeNull();
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'InvalidSourceData',
        message: expect.stringContaining('users.2.isEnrolledIn2Sv'),
      }),
    ]);
  });

  it('reads the key from the environment map and never puts it or the access token into evidence or logs', async () => {
    const keyBody = google.serviceAccountKey.private_key.split('\n')[5]!;
    const extras = buildIdpExtras(
      {
        googleWorkspace: {
          customer: 'my_customer',
          adminEmail: GOOGLE_FIXTURE_ADMIN,
          serviceAccountSecret: 'flux/google',
          baseUrl: google.url,
        },
      },
      { env: { GOOGLE_SERVICE_ACCOUNT_JSON: JSON.stringify(google.serviceAccountKey) } },
      { sleep: pause.sleep, logger: createLogger({ serviceName: 'google-test', level: 'DEBUG' }) },
    );
    google.fault({ path: '/admin/directory/v1/users', respond: googleRateLimited('1') });
    const out = captureOutput();
    let envelope;
    try {
      ({ envelope } = await run(extras.googleWorkspace!));
    } finally {
      out.restore();
    }
    expect(envelope.errors).toEqual([]);
    expect(out.text()).toMatch(/identity provider request retried/);
    const bytes = Buffer.from(canonicalBytes(envelope)).toString('utf8');
    for (const secret of [keyBody, ...google.issuedTokens]) {
      expect(bytes).not.toContain(secret);
      expect(out.text()).not.toContain(secret);
    }
  });
});
