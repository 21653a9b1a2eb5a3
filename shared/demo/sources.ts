import type { Scenario } from './github/scenario.js';
import type { OktaFixture } from './idp/okta-server.js';

/** The GitHub login of the person who left the company (ACME_PEOPLE's leaver). */
const LEAVER_LOGIN = 'erin';

/** The branch protection Acme applies to every default branch (what the benchmark-grade rule asks for). */
const GOOD_PROTECTION = {
  requiredReviews: 1,
  dismissStale: true,
  codeOwners: true,
  requiredChecks: ['build'],
  strict: true,
  enforceAdmins: true,
  allowForcePushes: false,
  allowDeletions: false,
};

/**
 * The readiness project on the SaaS side: every repository private with protected default branches and secret
 * scanning, 2FA for every member and collaborator, no overdue vulnerability alerts, an active MFA factor for every
 * active Okta user. The fixture servers serve these objects on each request, so changing them is the demo
 * changing the source (as it changes the emulator), before any collection reads it.
 */
export function readySources(github: Scenario, okta: OktaFixture): void {
  github.twoFactorRequirementEnabled = true;
  // The leaver (deprovisioned in Okta, removed from IAM) leaves the GitHub org too.
  github.members = github.members.filter((m) => m.login !== LEAVER_LOGIN);
  for (const m of github.members) m.twoFactor = true;
  for (const c of github.outsideCollaborators) c.twoFactor = true;
  for (const r of github.repos) {
    r.visibility = 'private';
    r.archived = false;
    r.protection = { ...GOOD_PROTECTION };
    r.rules = [];
    r.securityAndAnalysis = {
      secret_scanning: { status: 'enabled' },
      secret_scanning_push_protection: { status: 'enabled' },
      dependabot_security_updates: { status: 'enabled' },
    };
  }
  // Every merged change approved by another member before the merge, with green checks.
  for (const r of github.repos) {
    github.setPulls(
      r.name,
      github.pulls(r).map((p) => {
        const reviewer = github.members.find((m) => m.login !== p.author && m.login !== LEAVER_LOGIN)!.login;
        const before = p.mergedAt ?? p.updatedAt;
        const at = new Date(Date.parse(before) - 30 * 60_000).toISOString().replace('.000Z', 'Z');
        return {
          ...p,
          reviews: p.mergedAt ? [{ user: reviewer, state: 'APPROVED' as const, submittedAt: at }] : [],
          checks: p.checks.map((c) => ({ ...c, conclusion: 'success' as const })),
        };
      }),
    );
  }
  github.dependabotAlerts = [];
  github.codeScanningAlerts = [];
  const factors = okta.factors as Map<string, unknown[]>;
  const template = [...okta.factors.values()].flat().find((f) => f.status === 'ACTIVE');
  for (const u of okta.users) {
    if (u.status !== 'ACTIVE') continue;
    const own = okta.factors.get(u.id) ?? [];
    if (!own.some((f) => f.status === 'ACTIVE') && template)
      factors.set(u.id, [...own, { ...template, id: `mfa${u.id.slice(-17)}` }]);
  }
}
