import { describe, expect, it } from '@jest/globals';
import { schema } from '../collectors/aws-ec2-ebs-default-encryption/schema.js';
import { rule } from './ec2-ebs-default-encryption-enabled.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));

describe('ec2-ebs-default-encryption-enabled', () => {
  it('returns PASS with the default key when encryption by default is on', () => {
    const data = schema.parse({ encryptionByDefault: true, defaultKmsKeyId: 'alias/aws/ebs' });
    expect(rule.evaluate(data, ctx)).toEqual({
      status: 'PASS',
      reason: 'EBS encryption by default is on (key alias/aws/ebs)',
      failing: [],
    });
  });

  it('returns FAIL naming the regional setting when it is off', () => {
    const data = schema.parse({ encryptionByDefault: false, defaultKmsKeyId: 'alias/aws/ebs' });
    expect(rule.evaluate(data, ctx)).toEqual({
      status: 'FAIL',
      reason: 'EBS encryption by default is off',
      failing: [{ resource: 'ebs-encryption-by-default', reason: 'disabled' }],
    });
  });

  it('is never NOT_APPLICABLE: the setting exists in every region, even with its key unreadable', () => {
    const data = schema.parse({ encryptionByDefault: true, defaultKmsKeyId: null });
    expect(rule.evaluate(data, ctx).status).toBe('PASS');
  });

  it('refuses empty input, so the engine reports UNKNOWN', () => {
    expect(rule.accepts?.({})).toBe(false);
    expect(rule.accepts?.(null)).toBe(false);
  });
});
