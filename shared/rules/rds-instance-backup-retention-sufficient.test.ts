import { describe, expect, it } from '@jest/globals';
import { arn, cluster, ctx, data, instance } from './lib/rds-test-fixtures.js';
import { rule } from './rds-instance-backup-retention-sufficient.js';

describe('rds-instance-backup-retention-sufficient', () => {
  it('returns PASS when every database keeps backups 7 days or more', () => {
    expect(
      rule.evaluate(data([instance('orders', { backupRetentionPeriod: 7 })], [cluster('aurora')]), ctx),
    ).toEqual({
      status: 'PASS',
      reason: 'all 2 RDS databases keep backups at least 7 days',
      failing: [],
    });
  });

  it('returns FAIL naming databases with short retention or backups off', () => {
    const out = rule.evaluate(
      data(
        [instance('orders'), instance('scratch', { backupRetentionPeriod: 0 })],
        [cluster('aurora', { backupRetentionPeriod: 1 })],
      ),
      ctx,
    );
    expect(out.status).toBe('FAIL');
    expect(out.reason).toBe('2 of 3 RDS databases keep backups under 7 days');
    expect(out.failing).toEqual([
      { resource: arn('db', 'scratch'), reason: 'instance scratch has automated backups off' },
      { resource: arn('cluster', 'aurora'), reason: 'cluster aurora keeps backups 1 days' },
    ]);
  });

  it('returns NOT_APPLICABLE for empty input: no databases', () => {
    expect(rule.evaluate(data([]), ctx).status).toBe('NOT_APPLICABLE');
  });
});
