import { describe, expect, it } from '@jest/globals';
import { schema, type Bucket } from '../collectors/aws-s3-buckets/schema.js';
import { rule } from './s3-bucket-policy-not-public.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const bucket = (name: string, policy: Bucket['policy']): Bucket => ({
  name,
  createdAt: '2025-01-01T00:00:00Z',
  policy,
});
const data = (buckets: Bucket[]) => schema.parse({ buckets });
const privatePolicy = { isPublic: false, isPublicSource: 'PolicyStatus' as const, tlsOnlyStatement: true };

describe('s3-bucket-policy-not-public', () => {
  it('returns PASS when no policy is public (buckets without a policy included)', () => {
    expect(rule.evaluate(data([bucket('a', privatePolicy), bucket('b', null)]), ctx)).toEqual({
      status: 'PASS',
      reason: 'no bucket policy of 2 buckets is public',
      failing: [],
    });
  });

  it('returns FAIL naming each bucket with a public policy and how it was judged', () => {
    const out = rule.evaluate(
      data([
        bucket('acme-public-assets', {
          isPublic: true,
          isPublicSource: 'PolicyStatus',
          tlsOnlyStatement: false,
        }),
        bucket('acme-private', privatePolicy),
        bucket('acme-legacy', { isPublic: true, isPublicSource: 'policy-document', tlsOnlyStatement: false }),
      ]),
      ctx,
    );
    expect(out.status).toBe('FAIL');
    expect(out.reason).toBe('2 of 3 buckets have a public bucket policy');
    expect(out.failing).toEqual([
      { resource: 'acme-public-assets', reason: 'bucket policy is public (PolicyStatus)' },
      { resource: 'acme-legacy', reason: 'bucket policy is public (policy-document)' },
    ]);
  });

  it('returns NOT_APPLICABLE for empty input: no buckets', () => {
    expect(rule.evaluate(data([]), ctx).status).toBe('NOT_APPLICABLE');
  });
});
