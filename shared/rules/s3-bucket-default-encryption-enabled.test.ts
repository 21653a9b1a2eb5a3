import { describe, expect, it } from '@jest/globals';
import { schema, type Bucket } from '../collectors/aws-s3-buckets/schema.js';
import { rule } from './s3-bucket-default-encryption-enabled.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const kms = {
  algorithm: 'aws:kms',
  kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k',
  bucketKeyEnabled: true,
};
const sse = { algorithm: 'AES256', kmsKeyId: null, bucketKeyEnabled: false };
const bucket = (name: string, encryption: Bucket['encryption']): Bucket => ({
  name,
  createdAt: '2025-01-01T00:00:00Z',
  encryption,
});
const data = (buckets: Bucket[]) => schema.parse({ buckets });

describe('s3-bucket-default-encryption-enabled', () => {
  it('returns PASS when every bucket has SSE-S3 or SSE-KMS default encryption', () => {
    expect(rule.evaluate(data([bucket('a', kms), bucket('b', sse)]), ctx)).toEqual({
      status: 'PASS',
      reason: 'all 2 buckets have default encryption',
      failing: [],
    });
  });

  it('returns FAIL naming each bucket without default encryption', () => {
    const out = rule.evaluate(data([bucket('acme-raw', null), bucket('acme-reports', kms)]), ctx);
    expect(out.status).toBe('FAIL');
    expect(out.reason).toBe('1 of 2 buckets have no default encryption');
    expect(out.failing).toEqual([{ resource: 'acme-raw', reason: 'no default encryption' }]);
  });

  it('returns NOT_APPLICABLE for empty input: no buckets', () => {
    expect(rule.evaluate(data([]), ctx)).toEqual({
      status: 'NOT_APPLICABLE',
      reason: 'the account has no buckets',
      failing: [],
    });
  });
});
