import type { AdminAccessData, AdminGrant } from '../collectors/aws-iam-admin-access/schema.js';
import { defineRule, outcome } from './types.js';

function grantText(g: AdminGrant): string {
  if (g.via === 'inline') return `inline policy ${g.policyName} grants *:*`;
  if (g.via === 'attached') return `${g.policyName} attached`;
  return `${g.policyName} through ${g.via}`;
}

/**
 * No IAM user or group holds administrator access (`Allow * on *`, e.g. AdministratorAccess): admin rights
 * come only through roles or SSO (CIS AWS 1.16). Each principal is named once, with every grant it holds.
 */
export const rule = defineRule<AdminAccessData>({
  id: 'iam-user-admin-access-absent',
  version: '1.0.0',
  collector: 'aws-iam-admin-access',
  controls: ['IAM-06'],
  title: 'No IAM user or group holds administrator access directly',
  benchmarks: {
    cis: ['1.16'],
    prowler: [
      'iam_aws_attached_policy_no_administrative_privileges',
      'iam_customer_attached_policy_no_administrative_privileges',
      'iam_inline_policy_no_administrative_privileges',
    ],
  },
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as AdminAccessData).admins),
  evaluate({ counts, admins }) {
    if (counts.users + counts.groups === 0)
      return outcome.notApplicable('the account has no IAM users or groups');
    const byPrincipal = new Map<string, string[]>();
    for (const g of admins) {
      if (g.type === 'role') continue;
      byPrincipal.set(g.arn, [...(byPrincipal.get(g.arn) ?? []), grantText(g)]);
    }
    const failing = [...byPrincipal].map(([resource, why]) => ({ resource, reason: why.join('; ') }));
    return outcome.of(
      failing,
      `none of ${counts.users} users and ${counts.groups} groups holds administrator access`,
      `${failing.length} users or groups hold administrator access directly`,
    );
  },
});
