import { describe, expect, it } from '@jest/globals';
import { LEAVER_DEPROVISIONED_AT, LEAVER_EMAIL } from '../demo/idp/acme.js';
import { schema } from '../collectors/access-reconciliation/schema.js';
import { reconcileAccess } from './reconcile.js';
import { parseIdentitySources } from './sources.js';
import { ACME_LINKS, acmeOkta, acmeSources, iamUser, input } from './test-fixtures.js';

const now = new Date('2026-03-01T12:00:00Z');
const run = (sources = acmeSources(), links: Record<string, string> = ACME_LINKS, sla = 24) => {
  const { parsed, problems } = parseIdentitySources(sources);
  expect(problems).toEqual([]);
  return schema.parse(reconcileAccess(parsed, { now, deprovisioningSlaHours: sla, identityLinks: links }));
};

describe('reconcileAccess', () => {
  it('finds the leaver still active in IAM and GitHub, with latency now - deprovisioning', () => {
    const d = run();
    expect(d.leavers).toHaveLength(1);
    const erin = d.leavers[0]!;
    expect(erin).toMatchObject({
      email: LEAVER_EMAIL,
      deprovisionedAt: LEAVER_DEPROVISIONED_AT,
      open: true,
      breachesSla: true,
      idp: [{ source: 'okta-users', status: 'DEPROVISIONED', changedAt: LEAVER_DEPROVISIONED_AT }],
    });
    const hours = (now.getTime() - Date.parse(LEAVER_DEPROVISIONED_AT)) / 3_600_000;
    expect(erin.latencyHours).toBeCloseTo(hours, 2);
    expect(erin.stillActive).toEqual([
      {
        source: 'aws-iam-credential-report',
        resource: 'arn:aws:iam::111111111111:user/erin.leaver',
        access: ['console password'],
      },
      { source: 'github-org', resource: 'github:acme/erin', access: ['org member'] },
    ]);
  });

  it('reports active accounts with no owner, never the inactive ones, and cites every input', () => {
    const d = run();
    expect(d.orphans.map((o) => [o.resource, o.reason])).toEqual([
      ['arn:aws:iam::111111111111:user/ci-bot', 'no link to an IdP identity'],
      ['github:acme/contractor-carl', 'no link to an IdP identity'],
      ['github:acme/grace', 'no link to an IdP identity'],
    ]);
    expect(d.linkedAccounts).toBe(4);
    expect(d.idpIdentities).toBe(5);
    expect(d.inputs.map((i) => [i.collector, i.records])).toEqual([
      ['okta-users', 5],
      ['aws-iam-credential-report', 3],
      ['github-org', 4],
    ]);
  });

  it('keeps a leaver within the SLA open but not in breach', () => {
    const erin = run(acmeSources(), ACME_LINKS, 24 * 365).leavers[0]!;
    expect(erin).toMatchObject({ open: true, breachesSla: false });
  });

  it('closes a leaver whose accounts are gone, with no latency claimed', () => {
    const d = run(acmeSources(), { 'iam:alice.admin': 'alice@acme.example' });
    expect(d.leavers[0]).toMatchObject({
      email: LEAVER_EMAIL,
      open: false,
      stillActive: [],
      latencyHours: null,
      breachesSla: false,
    });
  });

  it('joins Identity Center users and email-named IAM users by email, and flags emails no IdP lists', () => {
    const sources = {
      ...acmeSources(),
      'aws-identity-center-users': [
        input({
          identityStoreId: 'd-123',
          region: 'us-east-1',
          users: [
            {
              id: 'u1',
              userName: 'erin',
              email: 'Erin@Acme.example',
              status: 'ENABLED',
              groupIds: [],
              mfa: { status: 'UNKNOWN', reason: 'x' },
            },
            {
              id: 'u2',
              userName: 'bob',
              email: 'bob@acme.example',
              status: 'DISABLED',
              groupIds: [],
              mfa: { status: 'UNKNOWN', reason: 'x' },
            },
            {
              id: 'u3',
              userName: 'mallory',
              email: 'mallory@acme.example',
              status: null,
              groupIds: [],
              mfa: { status: 'UNKNOWN', reason: 'x' },
            },
          ],
          groups: [],
        }),
      ],
      'aws-iam-credential-report': [
        input({
          generatedAt: '2026-03-01T00:00:00Z',
          root: null,
          users: [iamUser('erin@acme.example', { console: false, keys: true })],
        }),
      ],
      'github-org': [],
    };
    const d = run(sources, {});
    expect(d.leavers[0]!.stillActive.map((a) => a.resource)).toEqual([
      'arn:aws:iam::111111111111:user/erin@acme.example',
      'identitycenter:d-123/erin',
    ]);
    expect(d.orphans).toEqual([
      expect.objectContaining({
        resource: 'identitycenter:d-123/mallory',
        email: 'mallory@acme.example',
        reason: 'joined to an email no identity provider lists',
      }),
    ]);
  });

  it('treats a person active in any IdP as no leaver, and takes the earliest change across IdPs', () => {
    const entra = (enabled: boolean) =>
      input({
        signInActivityAvailable: true,
        users: [
          {
            id: 'e1',
            userPrincipalName: 'erin@acme.example',
            email: 'erin@acme.example',
            accountEnabled: enabled,
            userType: 'Member',
            created: null,
            lastSignIn: null,
            lastNonInteractiveSignIn: null,
            mfa: null,
            isAdmin: null,
          },
        ],
        deletedUsers: [],
      });
    expect(run({ ...acmeSources(), 'entra-users': [entra(true)] }).leavers).toEqual([]);
    const google = input({
      users: [],
      deletedUsers: [{ id: 'g1', primaryEmail: 'erin@acme.example', deletedAt: '2026-02-01T00:00:00Z' }],
    });
    const d = run({ ...acmeSources(), 'entra-users': [entra(false)], 'google-workspace-users': [google] });
    expect(d.leavers[0]!.deprovisionedAt).toBe('2026-02-01T00:00:00Z');
    expect(d.leavers[0]!.idp.map((i) => i.status)).toEqual(['DEPROVISIONED', 'disabled', 'deleted']);
  });

  it('breaches the SLA when no IdP reports when the leaver changed status', () => {
    const okta = acmeOkta();
    okta.users = okta.users.map((u) => ({ ...u, statusChanged: null }));
    const erin = run({ ...acmeSources(), 'okta-users': [input(okta)] }).leavers[0]!;
    expect(erin).toMatchObject({ deprovisionedAt: null, latencyHours: null, open: true, breachesSla: true });
  });

  it('returns empty lists for no inputs', () => {
    expect(run({}, {})).toMatchObject({
      leavers: [],
      orphans: [],
      inputs: [],
      idpIdentities: 0,
      linkedAccounts: 0,
    });
  });
});

describe('parseIdentitySources', () => {
  it('leaves out inputs that fail their schema and reports incomplete ones', () => {
    const { parsed, problems } = parseIdentitySources({
      'okta-users': [
        input({ users: 'nope' }),
        input(acmeOkta(), { complete: false, errors: [{ code: 'Throttled' }] }),
      ],
      'not-a-collector': [input({})],
    });
    expect(parsed).toHaveLength(1);
    expect(problems.map((p) => p.code)).toEqual(['InvalidInput', 'IncompleteInput', 'UnknownCollector']);
  });
});
