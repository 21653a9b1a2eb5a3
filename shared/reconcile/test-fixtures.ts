import { ACME_PEOPLE, LEAVER_DEPROVISIONED_AT } from '../demo/idp/acme.js';
import type { CredentialEntry } from '../collectors/aws-iam-credential-report/schema.js';
import type { IdentitySourceInput, IdentitySources } from './sources.js';

const key = { active: false, lastRotated: null, lastUsed: null };

/** One credential-report row: `console` gives a password, `keys` an active access key. */
export function iamUser(
  name: string,
  o: { console?: boolean; keys?: boolean; account?: string } = {},
): CredentialEntry {
  return {
    user: name,
    arn: `arn:aws:iam::${o.account ?? '111111111111'}:user/${name}`,
    createdAt: '2025-01-01T00:00:00Z',
    passwordEnabled: o.console ?? true,
    passwordLastUsed: null,
    passwordLastChanged: null,
    passwordNextRotation: null,
    mfaActive: false,
    accessKey1: o.keys ? { ...key, active: true } : key,
    accessKey2: key,
    cert1Active: false,
    cert2Active: false,
  };
}

const sha = (c: string) => c.repeat(64).slice(0, 64);
export const input = (data: unknown, o: Partial<IdentitySourceInput> = {}): IdentitySourceInput => ({
  scope: 'tenant=acme',
  sha256: sha('a'),
  observedAt: '2026-03-01T00:00:00Z',
  data,
  complete: true,
  errors: [],
  ...o,
});

/** Okta data for the Acme people (erin DEPROVISIONED at LEAVER_DEPROVISIONED_AT), as the okta-users collector stores it. */
export function acmeOkta() {
  return {
    users: ACME_PEOPLE.map((p) => ({
      id: `00u${p.key}`,
      login: p.email,
      email: p.email,
      status: p.leaver ? 'DEPROVISIONED' : 'ACTIVE',
      statusChanged: p.leaver ? LEAVER_DEPROVISIONED_AT : null,
      lastLogin: p.lastLogin,
      created: p.created,
      factors: [],
    })),
  };
}

/** The demo company's view: Okta, IAM (erin.leaver still has a console password, a CI bot has a key), GitHub. */
export function acmeSources(): IdentitySources {
  return {
    'okta-users': [input(acmeOkta(), { scope: 'tenant=acme.okta.com', sha256: sha('1') })],
    'aws-iam-credential-report': [
      input(
        {
          generatedAt: '2026-03-01T00:00:00Z',
          root: null,
          users: [
            iamUser('alice.admin'),
            iamUser('erin.leaver'),
            iamUser('ci-bot', { console: false, keys: true }),
            iamUser('old.user', { console: false }),
          ],
        },
        { scope: 'account=111111111111,region=global', sha256: sha('2') },
      ),
    ],
    'github-org': [
      input(
        {
          org: 'acme',
          twoFactorRequirementEnabled: true,
          defaultRepositoryPermission: 'read',
          members: [
            { login: 'alice', role: 'admin' },
            { login: 'erin', role: 'member' },
            { login: 'grace', role: 'member' },
          ],
          outsideCollaborators: [{ login: 'contractor-carl' }],
          membersWithout2fa: [],
          outsideCollaboratorsWithout2fa: [],
        },
        { scope: 'org=acme', sha256: sha('3') },
      ),
    ],
  };
}

/** The links the demo configures: IAM user names and GitHub logins carry no email. */
export const ACME_LINKS = {
  'iam:alice.admin': 'alice@acme.example',
  'iam:erin.leaver': 'erin@acme.example',
  'github:alice': 'alice@acme.example',
  'GitHub:Erin': 'ERIN@acme.example',
};
