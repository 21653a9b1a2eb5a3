import { describe, expect, it } from '@jest/globals';
import { schema, type Trail } from '../collectors/aws-cloudtrail-trails/schema.js';
import { rule } from './cloudtrail-trail-log-file-validation-enabled.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const arn = (n: string) => `arn:aws:cloudtrail:us-east-1:123456789012:trail/${n}`;
const trail = (name: string, logFileValidationEnabled: boolean): Trail => ({
  name,
  arn: arn(name),
  homeRegion: 'us-east-1',
  isMultiRegion: true,
  isOrganizationTrail: false,
  logFileValidationEnabled,
  kmsKeyId: null,
  s3BucketName: 'acme-trail',
  includeGlobalServiceEvents: true,
});
const data = (trails: Trail[]) => schema.parse({ trails });

describe('cloudtrail-trail-log-file-validation-enabled', () => {
  it('returns PASS when every trail validates its log files', () => {
    expect(rule.evaluate(data([trail('org', true), trail('audit', true)]), ctx)).toEqual({
      status: 'PASS',
      reason: 'all 2 trails validate their log files',
      failing: [],
    });
  });

  it('returns FAIL naming each trail with validation off', () => {
    const out = rule.evaluate(data([trail('org', true), trail('legacy', false)]), ctx);
    expect(out.status).toBe('FAIL');
    expect(out.reason).toBe('1 of 2 trails have log file validation off');
    expect(out.failing).toEqual([{ resource: arn('legacy'), reason: 'log file validation off' }]);
  });

  it('returns NOT_APPLICABLE for empty input: no trails (the multi-region rule reports that)', () => {
    expect(rule.evaluate(data([]), ctx)).toEqual({
      status: 'NOT_APPLICABLE',
      reason: 'no CloudTrail trail is homed in this region',
      failing: [],
    });
  });
});
