import type { CollectorMeta } from '../types.js';

export const meta: CollectorMeta = {
  id: 'aws-iam-admin-access',
  version: '1.0.0',
  title: 'IAM principals with full administrative access, and users with policies attached directly',
  source: 'aws',
  scope: 'global',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  permissions: [
    'iam:ListUsers',
    'iam:ListGroups',
    'iam:ListRoles',
    'iam:GetGroup',
    'iam:ListAttachedUserPolicies',
    'iam:ListAttachedGroupPolicies',
    'iam:ListAttachedRolePolicies',
    'iam:ListUserPolicies',
    'iam:ListGroupPolicies',
    'iam:ListRolePolicies',
    'iam:GetUserPolicy',
    'iam:GetGroupPolicy',
    'iam:GetRolePolicy',
    'iam:GetPolicy',
    'iam:GetPolicyVersion',
  ],
};
