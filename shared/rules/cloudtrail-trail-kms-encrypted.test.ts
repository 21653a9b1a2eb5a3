import { describe, expect, it } from '@jest/globals';
import { schema, type Trail } from '../collectors/aws-cloudtrail-trails/schema.js';
import { rule } from './cloudtrail-trail-kms-encrypted.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const arn = (n: string) => `arn:aws:cloudtrail:us-east-1:123456789012:trail/${n}`;
const trail = (name: string, kmsKeyId: string | null): Trail => ({
  name,
  arn: arn(name),
  homeRegion: 'us-east-1',
  isMultiRegion: true,
  isOrganizationTrail: false,
  logFileValidationEnabled: true,
  kmsKeyId,
  s3BucketName: 'acme-trail',
  includeGlobalServiceEvents: true,
});
const data = (trails: Trail[]) => schema.parse({ trails });
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('cloudtrail-trail-kms-encrypted', () => {
  it('returns PASS when every trail encrypts with a KMS key', () => {
    expect(rule.evaluate(data([trail('org', KEY)]), ctx)).toEqual({
      status: 'PASS',
      reason: 'all 1 trails encrypt logs with KMS',
      failing: [],
    });
  });

  it('returns FAIL naming each trail that uses S3-managed encryption', () => {
    const out = rule.evaluate(data([trail('org', KEY), trail('legacy', null)]), ctx);
    expect(out.status).toBe('FAIL');
    expect(out.reason).toBe('1 of 2 trails do not encrypt logs with KMS');
    expect(out.failing).toEqual([
      { resource: arn('legacy'), reason: 'logs use S3-managed encryption, not KMS' },
    ]);
  });

  it('returns NOT_APPLICABLE for empty input: no trails', () => {
    expect(rule.evaluate(data([]), ctx).status).toBe('NOT_APPLICABLE');
  });
});
