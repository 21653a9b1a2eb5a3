import type { CredentialReportData } from '../collectors/aws-iam-credential-report/schema.js';
import type { IdentityCenterUsersData } from '../collectors/aws-identity-center-users/schema.js';
import type { EntraUsersData } from '../collectors/entra-users/schema.js';
import type { GitHubOrgData } from '../collectors/github-org/schema.js';
import type { GoogleWorkspaceUsersData } from '../collectors/google-workspace-users/schema.js';
import type { OktaUsersData } from '../collectors/okta-users/schema.js';
import type { ParsedSource } from './sources.js';

/** One user of an identity provider, reduced to what the join needs. */
export interface IdpRecord {
  readonly email: string;
  readonly source: string;
  /** Can still sign in (or has not started yet): anything but suspended, deprovisioned, disabled or deleted. */
  readonly active: boolean;
  readonly status: string;
  readonly changedAt: string | null;
}

/** An active account outside the identity providers, with the keys a configured link may name it by. */
export interface AccountRecord {
  readonly source: string;
  readonly resource: string;
  readonly access: readonly string[];
  /** Link keys (`iam:<user>`, `github:<login>`, `identitycenter:<userName>`), lower-cased. */
  readonly linkKeys: readonly string[];
  /** An email the source itself gives (Identity Center), or an IAM user name that is an email. */
  readonly email: string | null;
}

/** Lower-cased, trimmed; null for empty. */
export const normalize = (s: string | null | undefined): string | null => {
  const t = s?.trim().toLowerCase();
  return t ? t : null;
};
const looksLikeEmail = (s: string) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s);

/** Okta statuses that mean the person can no longer sign in. */
const OKTA_INACTIVE = new Set(['SUSPENDED', 'DEPROVISIONED']);

/** The users of an identity provider's artifact. */
export function idpRecords(s: ParsedSource): IdpRecord[] {
  const out: IdpRecord[] = [];
  const add = (email: string | null, active: boolean, status: string, changedAt: string | null) => {
    if (email) out.push({ email, source: s.collector, active, status, changedAt });
  };
  if (s.collector === 'okta-users') {
    for (const u of (s.data as OktaUsersData).users)
      add(normalize(u.email ?? u.login), !OKTA_INACTIVE.has(u.status), u.status, u.statusChanged);
  } else if (s.collector === 'entra-users') {
    const d = s.data as EntraUsersData;
    // Entra reports no time for accountEnabled=false; only deletions carry one (deletedDateTime).
    for (const u of d.users)
      add(
        normalize(u.email ?? u.userPrincipalName),
        u.accountEnabled !== false,
        u.accountEnabled === false ? 'disabled' : 'enabled',
        null,
      );
    for (const u of d.deletedUsers ?? [])
      add(normalize(u.email ?? u.userPrincipalName), false, 'deleted', u.deletedAt);
  } else if (s.collector === 'google-workspace-users') {
    const d = s.data as GoogleWorkspaceUsersData;
    // The Directory gives no suspension time; deletions carry deletionTime.
    for (const u of d.users) {
      const status = u.suspended ? 'suspended' : u.archived ? 'archived' : 'active';
      add(normalize(u.primaryEmail), status === 'active', status, null);
    }
    for (const u of d.deletedUsers ?? []) add(normalize(u.primaryEmail), false, 'deleted', u.deletedAt);
  }
  return out;
}

/** The accounts of a non-IdP artifact that still grant access (inactive ones are left out). */
export function accountRecords(s: ParsedSource): AccountRecord[] {
  const out: AccountRecord[] = [];
  if (s.collector === 'aws-iam-credential-report') {
    for (const u of (s.data as CredentialReportData).users) {
      const access = [
        ...(u.passwordEnabled ? ['console password'] : []),
        ...(u.accessKey1.active ? ['active access key 1'] : []),
        ...(u.accessKey2.active ? ['active access key 2'] : []),
        ...(u.cert1Active || u.cert2Active ? ['active signing certificate'] : []),
      ];
      if (access.length === 0) continue;
      const name = u.user.toLowerCase();
      out.push({
        source: s.collector,
        resource: u.arn,
        access,
        linkKeys: [`iam:${name}`, `iam:${u.arn.toLowerCase()}`],
        email: looksLikeEmail(name) ? name : null,
      });
    }
  } else if (s.collector === 'github-org') {
    const d = s.data as GitHubOrgData;
    const gh = (login: string, access: string): AccountRecord => ({
      source: s.collector,
      resource: `github:${d.org}/${login}`,
      access: [access],
      linkKeys: [`github:${login.toLowerCase()}`],
      email: null,
    });
    for (const m of d.members) out.push(gh(m.login, m.role === 'admin' ? 'org owner' : 'org member'));
    for (const c of d.outsideCollaborators) out.push(gh(c.login, 'outside collaborator'));
  } else if (s.collector === 'aws-identity-center-users') {
    const d = s.data as IdentityCenterUsersData;
    for (const u of d.users) {
      if (u.status === 'DISABLED') continue;
      out.push({
        source: s.collector,
        resource: `identitycenter:${d.identityStoreId}/${u.userName}`,
        access: [`identity center user (${u.status ?? 'status not reported'})`],
        linkKeys: [`identitycenter:${u.userName.toLowerCase()}`],
        email: normalize(u.email),
      });
    }
  }
  return out;
}
