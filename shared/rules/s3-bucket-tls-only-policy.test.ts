import { describe, expect, it } from '@jest/globals';
import { schema, type Bucket } from '../collectors/aws-s3-buckets/schema.js';
import { rule } from './s3-bucket-tls-only-policy.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const policy = (tlsOnlyStatement: boolean) => ({
  isPublic: false,
  isPublicSource: 'PolicyStatus' as const,
  tlsOnlyStatement,
});
const bucket = (name: string, p: Bucket['policy']): Bucket => ({ name, createdAt: null, policy: p });
const data = (buckets: Bucket[]) => schema.parse({ buckets });

describe('s3-bucket-tls-only-policy', () => {
  it('returns PASS when every bucket policy denies non-TLS requests', () => {
    expect(rule.evaluate(data([bucket('a', policy(true)), bucket('b', policy(true))]), ctx)).toEqual({
      status: 'PASS',
      reason: 'all 2 buckets deny requests without TLS',
      failing: [],
    });
  });

  it('returns FAIL naming buckets without a policy and policies without the TLS deny', () => {
    const out = rule.evaluate(
      data([
        bucket('acme-evidence', policy(true)),
        bucket('acme-raw', null),
        bucket('acme-web', policy(false)),
      ]),
      ctx,
    );
    expect(out.status).toBe('FAIL');
    expect(out.reason).toBe('2 of 3 buckets accept requests without TLS');
    expect(out.failing).toEqual([
      { resource: 'acme-raw', reason: 'no bucket policy' },
      { resource: 'acme-web', reason: 'policy has no aws:SecureTransport deny' },
    ]);
  });

  it('returns NOT_APPLICABLE for empty input: no buckets', () => {
    expect(rule.evaluate(data([]), ctx).status).toBe('NOT_APPLICABLE');
  });
});
