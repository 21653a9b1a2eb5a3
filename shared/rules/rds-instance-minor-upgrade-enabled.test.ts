import { describe, expect, it } from '@jest/globals';
import { arn, cluster, ctx, data, instance } from './lib/rds-test-fixtures.js';
import { rule } from './rds-instance-minor-upgrade-enabled.js';

describe('rds-instance-minor-upgrade-enabled', () => {
  it('returns PASS when every instance takes automatic minor upgrades', () => {
    expect(rule.evaluate(data([instance('orders')]), ctx)).toEqual({
      status: 'PASS',
      reason: 'all 1 RDS instances take automatic minor upgrades',
      failing: [],
    });
  });

  it('returns FAIL naming each instance with automatic minor upgrades off', () => {
    const out = rule.evaluate(
      data([instance('orders'), instance('pinned', { autoMinorVersionUpgrade: false })]),
      ctx,
    );
    expect(out.status).toBe('FAIL');
    expect(out.failing).toEqual([
      { resource: arn('db', 'pinned'), reason: 'pinned has automatic minor version upgrade off' },
    ]);
  });

  it('returns NOT_APPLICABLE when only clusters are listed', () => {
    expect(rule.evaluate(data([], [cluster('aurora')]), ctx).status).toBe('NOT_APPLICABLE');
  });

  it('returns NOT_APPLICABLE for empty input: no instances', () => {
    expect(rule.evaluate(data([]), ctx)).toEqual({
      status: 'NOT_APPLICABLE',
      reason: 'the region has no RDS instances',
      failing: [],
    });
  });
});
