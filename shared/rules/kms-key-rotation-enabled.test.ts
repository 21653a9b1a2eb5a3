import { describe, expect, it } from '@jest/globals';
import { schema, type KmsKey } from '../collectors/aws-kms-keys/schema.js';
import { rule } from './kms-key-rotation-enabled.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const arn = (id: string) => `arn:aws:kms:us-east-1:123456789012:key/${id}`;
const key = (keyId: string, over: Partial<KmsKey> = {}): KmsKey => ({
  keyId,
  arn: arn(keyId),
  keyState: 'Enabled',
  enabled: true,
  keySpec: 'SYMMETRIC_DEFAULT',
  keyUsage: 'ENCRYPT_DECRYPT',
  origin: 'AWS_KMS',
  multiRegion: false,
  creationDate: '2025-01-01T00:00:00Z',
  rotationEligible: true,
  rotationEnabled: true,
  rotationPeriodDays: 365,
  ...over,
});
const signing = {
  keySpec: 'ECC_NIST_P256',
  keyUsage: 'SIGN_VERIFY',
  rotationEligible: false,
  rotationEnabled: null,
};
const data = (keys: KmsKey[]) =>
  schema.parse({ keys, awsManagedKeyCount: 2, listedKeyCount: keys.length + 2 });

describe('kms-key-rotation-enabled', () => {
  it('returns PASS when every rotatable key rotates; signing keys are left out', () => {
    expect(rule.evaluate(data([key('k1'), key('sig', signing)]), ctx)).toEqual({
      status: 'PASS',
      reason: 'all 1 rotatable customer managed keys rotate automatically',
      failing: [],
    });
  });

  it('returns FAIL naming keys with rotation off; unread and disabled keys are not failed', () => {
    const out = rule.evaluate(
      data([
        key('k1'),
        key('k2', { rotationEnabled: false, rotationPeriodDays: null }),
        key('k3', { rotationEnabled: null }),
        key('old', { enabled: false, keyState: 'Disabled', rotationEnabled: false }),
      ]),
      ctx,
    );
    expect(out.status).toBe('FAIL');
    expect(out.reason).toBe('1 of 3 rotatable customer managed keys do not rotate');
    expect(out.failing).toEqual([{ resource: arn('k2'), reason: 'automatic rotation off' }]);
  });

  it('returns NOT_APPLICABLE when only asymmetric keys exist', () => {
    expect(rule.evaluate(data([key('sig', signing)]), ctx).status).toBe('NOT_APPLICABLE');
  });

  it('returns NOT_APPLICABLE for empty input: no customer managed keys', () => {
    expect(rule.evaluate(data([]), ctx)).toEqual({
      status: 'NOT_APPLICABLE',
      reason: 'no enabled customer managed key can rotate',
      failing: [],
    });
  });
});
