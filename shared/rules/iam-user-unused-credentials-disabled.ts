import type { CredentialReportData } from '../collectors/aws-iam-credential-report/schema.js';
import { defineRule, outcome, type FailingResource } from './types.js';

const DAY_MS = 86_400_000;

/** Days since `iso`; NaN when it is null or unreadable. */
function daysSince(iso: string | null, now: Date): number {
  return iso === null ? Number.NaN : Math.floor((now.getTime() - Date.parse(iso)) / DAY_MS);
}

/**
 * No enabled console password or active access key has gone unused for longer than the threshold (45 days by
 * default, CIS AWS 1.12; `rules.unusedCredentialDays`). A credential that was never used counts from when it was
 * issued (the user's creation, or the key's last rotation).
 */
export const rule = defineRule<CredentialReportData>({
  id: 'iam-user-unused-credentials-disabled',
  version: '2.0.0',
  collector: 'aws-iam-credential-report',
  controls: ['IAM-08', 'IAM-11'],
  title: 'IAM credentials unused beyond the threshold (45 days by default) are disabled',
  benchmarks: {
    cis: ['1.12'],
    prowler: ['iam_user_accesskey_unused', 'iam_user_console_access_unused'],
  },
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as CredentialReportData).users),
  evaluate({ users }, { now, thresholds }) {
    const MAX_UNUSED_DAYS = thresholds.unusedCredentialDays;
    const failing: FailingResource[] = [];
    let enabled = 0;
    const judge = (resource: string, what: string, lastUsed: string | null, issued: string | null) => {
      enabled++;
      const idle = daysSince(lastUsed ?? issued, now);
      if (Number.isNaN(idle)) failing.push({ resource, reason: `${what}: last use unknown` });
      else if (idle > MAX_UNUSED_DAYS)
        failing.push({ resource, reason: `${what} ${lastUsed ? 'unused' : 'never used'} for ${idle} days` });
    };
    for (const u of users) {
      if (u.passwordEnabled === true) judge(u.arn, 'console password', u.passwordLastUsed, u.createdAt);
      [u.accessKey1, u.accessKey2].forEach((k, i) => {
        if (k.active) judge(`${u.arn}#key${i + 1}`, 'access key', k.lastUsed, k.lastRotated ?? u.createdAt);
      });
    }
    if (enabled === 0) return outcome.notApplicable('no IAM user has an enabled password or active key');
    return outcome.of(
      failing,
      `all ${enabled} enabled credentials were used within ${MAX_UNUSED_DAYS} days`,
      `${failing.length} of ${enabled} enabled credentials are unused for more than ${MAX_UNUSED_DAYS} days`,
    );
  },
});
