import { describe, expect, it } from '@jest/globals';
import { schema, type BackupPlan, type BackupRule } from '../collectors/aws-backup-plans/schema.js';
import { rule } from './backup-plan-retention-configured.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const arn = (id: string) => `arn:aws:backup:us-east-1:123456789012:backup-plan:${id}`;
const backupRule = (name: string, deleteAfterDays: number | null): BackupRule => ({
  name,
  vaultName: 'Default',
  schedule: 'cron(0 5 ? * * *)',
  scheduleTimezone: 'UTC',
  startWindowMinutes: 60,
  completionWindowMinutes: 180,
  deleteAfterDays,
  moveToColdStorageAfterDays: null,
  continuousBackup: false,
  copyDestinations: [],
});
const plan = (
  id: string,
  rules: BackupRule[] | null,
  selections: BackupPlan['selections'] = [{ id: 's-1', name: 'prod' }],
): BackupPlan => ({ id, arn: arn(id), name: id, versionId: 'v1', rules, selections });
const data = (plans: BackupPlan[]) => schema.parse({ plans, vaults: [] });

describe('backup-plan-retention-configured', () => {
  it('returns PASS when every plan selects resources and retains 7 days or more', () => {
    const out = rule.evaluate(data([plan('daily', [backupRule('daily', 35), backupRule('weekly', 7)])]), ctx);
    expect(out).toEqual({
      status: 'PASS',
      reason: 'all 1 backup plans select resources and retain at least 7 days',
      failing: [],
    });
  });

  it('returns FAIL naming each plan with short, unbounded or no retention, or no resources', () => {
    const out = rule.evaluate(
      data([
        plan('good', [backupRule('daily', 35)]),
        plan('short', [backupRule('hourly', 1), backupRule('forever', null)]),
        plan('empty', [], []),
      ]),
      ctx,
    );
    expect(out.status).toBe('FAIL');
    expect(out.reason).toBe('2 of 3 backup plans lack resources or a sound retention');
    expect(out.failing).toEqual([
      {
        resource: arn('short'),
        reason: 'short: rule hourly keeps 1 days; rule forever sets no retention (kept forever)',
      },
      { resource: arn('empty'), reason: 'empty: selects no resources; has no backup rules' },
    ]);
  });

  it('does not fail a plan on facts that could not be read (null rules or selections)', () => {
    expect(rule.evaluate(data([plan('unread', null, null)]), ctx).status).toBe('PASS');
  });

  it('is never NOT_APPLICABLE: empty input (no plans) fails, since nothing is backed up', () => {
    expect(rule.evaluate(data([]), ctx)).toEqual({
      status: 'FAIL',
      reason: 'no AWS Backup plan in this region',
      failing: [{ resource: 'backup-plans', reason: 'none' }],
    });
  });
});
