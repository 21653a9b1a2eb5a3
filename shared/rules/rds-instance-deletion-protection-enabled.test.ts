import { describe, expect, it } from '@jest/globals';
import { arn, cluster, ctx, data, instance } from './lib/rds-test-fixtures.js';
import { rule } from './rds-instance-deletion-protection-enabled.js';

describe('rds-instance-deletion-protection-enabled', () => {
  it('returns PASS when every database has deletion protection', () => {
    expect(rule.evaluate(data([instance('orders')], [cluster('aurora')]), ctx)).toEqual({
      status: 'PASS',
      reason: 'all 2 RDS databases have deletion protection',
      failing: [],
    });
  });

  it('returns FAIL naming each unprotected database', () => {
    const out = rule.evaluate(
      data([instance('orders'), instance('legacy', { deletionProtection: false })]),
      ctx,
    );
    expect(out.status).toBe('FAIL');
    expect(out.failing).toEqual([
      { resource: arn('db', 'legacy'), reason: 'instance legacy has deletion protection off' },
    ]);
  });

  it('returns NOT_APPLICABLE for empty input: no databases', () => {
    expect(rule.evaluate(data([]), ctx)).toEqual({
      status: 'NOT_APPLICABLE',
      reason: 'the region has no RDS databases',
      failing: [],
    });
  });
});
