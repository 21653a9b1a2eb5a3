import type { KmsKeysData } from '../collectors/aws-kms-keys/schema.js';
import { defineRule, outcome } from './types.js';

/**
 * Every enabled customer managed key that AWS can rotate (symmetric, AWS_KMS material) has automatic
 * rotation on (CIS AWS 3.6). Asymmetric, HMAC and imported keys cannot rotate automatically and are left out.
 */
export const rule = defineRule<KmsKeysData>({
  id: 'kms-key-rotation-enabled',
  version: '1.1.0',
  collector: 'aws-kms-keys',
  controls: ['CRY-03'],
  title: 'Customer managed KMS keys rotate automatically',
  benchmarks: { cis: ['3.6'], prowler: ['kms_cmk_rotation_enabled'] },
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as KmsKeysData).keys),
  evaluate({ keys }) {
    const eligible = keys.filter((k) => k.enabled && k.rotationEligible);
    if (eligible.length === 0) return outcome.notApplicable('no enabled customer managed key can rotate');
    // A key whose rotation status could not be read is not failed: the engine names it as unseen.
    const failing = eligible
      .filter((k) => k.rotationEnabled === false)
      .map((k) => ({ resource: k.arn, reason: 'automatic rotation off' }));
    return outcome.of(
      failing,
      `all ${eligible.length} rotatable customer managed keys rotate automatically`,
      `${failing.length} of ${eligible.length} rotatable customer managed keys do not rotate`,
    );
  },
});
