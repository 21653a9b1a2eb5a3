import type { AdminAccessData } from '../collectors/aws-iam-admin-access/schema.js';
import { defineRule, outcome } from './types.js';

/** IAM users get permissions only through groups or roles, never attached or inline policies (CIS AWS 1.15). */
export const rule = defineRule<AdminAccessData>({
  id: 'iam-user-direct-policies-absent',
  version: '1.1.0',
  collector: 'aws-iam-admin-access',
  controls: ['IAM-06'],
  title: 'No IAM user has directly attached or inline policies',
  benchmarks: { cis: ['1.15'], prowler: ['iam_policy_attached_only_to_group_or_roles'] },
  // Which policies a user has comes from the authorization details alone; what a managed policy allows
  // (GetPolicyVersion, ListPolicies) does not change it.
  reads: ['GetAccountAuthorizationDetails'],
  accepts: (d) =>
    typeof d === 'object' && d !== null && Array.isArray((d as AdminAccessData).usersWithDirectPolicies),
  evaluate({ counts, usersWithDirectPolicies }) {
    if (counts.users === 0) return outcome.notApplicable('the account has no IAM users');
    const failing = usersWithDirectPolicies
      .filter((u) => u.attachedPolicies.length + u.inlinePolicies.length > 0)
      .map((u) => ({
        resource: u.arn,
        reason: [
          ...u.attachedPolicies.map((p) => `attached ${p}`),
          ...u.inlinePolicies.map((p) => `inline ${p}`),
        ].join(', '),
      }));
    return outcome.of(
      failing,
      `none of ${counts.users} users has policies of its own`,
      `${failing.length} of ${counts.users} users have directly attached or inline policies`,
    );
  },
});
