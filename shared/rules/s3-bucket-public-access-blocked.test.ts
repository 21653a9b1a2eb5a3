import { describe, expect, it } from '@jest/globals';
import { schema, type Bucket, type PublicAccessBlock } from '../collectors/aws-s3-buckets/schema.js';
import { rule } from './s3-bucket-public-access-blocked.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const ALL_ON: PublicAccessBlock = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};
const bucket = (name: string, publicAccessBlock: PublicAccessBlock | null): Bucket => ({
  name,
  createdAt: '2025-01-01T00:00:00Z',
  publicAccessBlock,
});
const data = (account: PublicAccessBlock | null, buckets: Bucket[]) =>
  schema.parse({ accountPublicAccessBlock: account, buckets });

describe('s3-bucket-public-access-blocked', () => {
  it('returns PASS when account-level Block Public Access has all four switches on', () => {
    expect(rule.evaluate(data(ALL_ON, [bucket('acme-web', null)]), ctx)).toEqual({
      status: 'PASS',
      reason: 'account-level Block Public Access covers all 1 buckets',
      failing: [],
    });
  });

  it('returns PASS when every bucket blocks public access itself', () => {
    const out = rule.evaluate(data(null, [bucket('a', ALL_ON), bucket('b', ALL_ON)]), ctx);
    expect(out).toEqual({ status: 'PASS', reason: 'all 2 buckets block public access', failing: [] });
  });

  it('returns FAIL naming each bucket and the switches that are off', () => {
    const partialAccount = { ...ALL_ON, restrictPublicBuckets: false };
    const out = rule.evaluate(
      data(partialAccount, [
        bucket('acme-private', ALL_ON),
        bucket('acme-public', null),
        bucket('acme-half', { ...ALL_ON, blockPublicPolicy: false }),
      ]),
      ctx,
    );
    expect(out.status).toBe('FAIL');
    expect(out.reason).toBe('2 of 3 buckets do not fully block public access');
    expect(out.failing).toEqual([
      {
        resource: 'acme-public',
        reason:
          'Block Public Access off: blockPublicAcls, ignorePublicAcls, blockPublicPolicy, restrictPublicBuckets',
      },
      { resource: 'acme-half', reason: 'Block Public Access off: blockPublicPolicy' },
    ]);
  });

  it('returns NOT_APPLICABLE for empty input: no buckets', () => {
    expect(rule.evaluate(data(null, []), ctx)).toEqual({
      status: 'NOT_APPLICABLE',
      reason: 'the account has no buckets',
      failing: [],
    });
  });
});
