import type { CollectorMeta } from '../../kernel/types.js';

export const meta: CollectorMeta = {
  id: 'aws-iam-credential-report',
  version: '1.0.0',
  title: 'IAM credential report (passwords, MFA, access keys, certificates per user and root)',
  source: 'aws',
  scope: 'global',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  permissions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
};
