import { describe, expect, it } from '@jest/globals';
import { arn, cluster, ctx, data, instance } from './lib/rds-test-fixtures.js';
import { rule } from './rds-instance-storage-encrypted.js';

describe('rds-instance-storage-encrypted', () => {
  it('returns PASS when every instance and cluster encrypts its storage', () => {
    const member = instance('aurora-1', { clusterId: 'aurora', engine: 'aurora-postgresql' });
    expect(rule.evaluate(data([instance('orders'), member], [cluster('aurora')]), ctx)).toEqual({
      status: 'PASS',
      reason: 'all 2 RDS databases encrypt their storage',
      failing: [],
    });
  });

  it('returns FAIL naming each unencrypted database once, judging cluster members through their cluster', () => {
    const member = instance('aurora-1', { clusterId: 'aurora', storageEncrypted: false });
    const orphan = instance('lonely-1', { clusterId: 'gone', storageEncrypted: false });
    const out = rule.evaluate(
      data(
        [instance('orders'), instance('legacy', { storageEncrypted: false }), member, orphan],
        [cluster('aurora', { storageEncrypted: false })],
      ),
      ctx,
    );
    expect(out.status).toBe('FAIL');
    expect(out.reason).toBe('3 of 4 RDS databases have unencrypted storage');
    expect(out.failing).toEqual([
      { resource: arn('db', 'legacy'), reason: 'instance legacy storage is not encrypted' },
      { resource: arn('db', 'lonely-1'), reason: 'instance lonely-1 storage is not encrypted' },
      { resource: arn('cluster', 'aurora'), reason: 'cluster aurora storage is not encrypted' },
    ]);
  });

  it('judges cluster members themselves when the clusters could not be listed', () => {
    const out = rule.evaluate(
      data([instance('aurora-1', { clusterId: 'aurora', storageEncrypted: false })], null),
      ctx,
    );
    expect(out.failing.map((f) => f.resource)).toEqual([arn('db', 'aurora-1')]);
  });

  it('returns NOT_APPLICABLE for empty input: no databases', () => {
    expect(rule.evaluate(data([]), ctx)).toEqual({
      status: 'NOT_APPLICABLE',
      reason: 'the region has no RDS databases',
      failing: [],
    });
  });
});
