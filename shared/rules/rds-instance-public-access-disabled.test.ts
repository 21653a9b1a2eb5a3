import { describe, expect, it } from '@jest/globals';
import { arn, cluster, ctx, data, instance } from './lib/rds-test-fixtures.js';
import { rule } from './rds-instance-public-access-disabled.js';

describe('rds-instance-public-access-disabled', () => {
  it('returns PASS when nothing is publicly accessible (Aurora clusters report no flag)', () => {
    expect(rule.evaluate(data([instance('orders')], [cluster('aurora')]), ctx)).toEqual({
      status: 'PASS',
      reason: 'none of 2 RDS instances and clusters is publicly accessible',
      failing: [],
    });
  });

  it('returns FAIL naming each public instance and Multi-AZ cluster', () => {
    const out = rule.evaluate(
      data(
        [instance('orders'), instance('reporting', { publiclyAccessible: true })],
        [cluster('maz', { engine: 'postgres', publiclyAccessible: true }), cluster('aurora')],
      ),
      ctx,
    );
    expect(out.status).toBe('FAIL');
    expect(out.reason).toBe('2 of 4 RDS instances and clusters are publicly accessible');
    expect(out.failing).toEqual([
      { resource: arn('db', 'reporting'), reason: 'reporting is publicly accessible' },
      { resource: arn('cluster', 'maz'), reason: 'maz is publicly accessible' },
    ]);
  });

  it('returns NOT_APPLICABLE for empty input: no databases, clusters unlisted', () => {
    expect(rule.evaluate(data([], null), ctx)).toEqual({
      status: 'NOT_APPLICABLE',
      reason: 'the region has no RDS databases',
      failing: [],
    });
  });
});
