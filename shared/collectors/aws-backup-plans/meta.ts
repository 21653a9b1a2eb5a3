import type { CollectorMeta } from '../../kernel/types.js';

export const meta: CollectorMeta = {
  id: 'aws-backup-plans',
  version: '1.0.0',
  title: 'AWS Backup plans (rules, schedules, retention, selections) and vaults (encryption, lock)',
  source: 'aws',
  scope: 'regional',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  permissions: [
    'backup:ListBackupPlans',
    'backup:GetBackupPlan',
    'backup:ListBackupSelections',
    'backup:ListBackupVaults',
  ],
};
