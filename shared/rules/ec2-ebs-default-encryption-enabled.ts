import type { EbsDefaultEncryptionData } from '../collectors/aws-ec2-ebs-default-encryption/schema.js';
import { defineRule, outcome } from './types.js';

/** The resource failures name: the region's EBS default-encryption setting. */
const EBS_SETTING = 'ebs-encryption-by-default';

/**
 * New EBS volumes in the region are encrypted by default (CIS AWS 2.2.1). It is one account setting per
 * region, always present, so the rule is never NOT_APPLICABLE.
 */
export const rule = defineRule<EbsDefaultEncryptionData>({
  id: 'ec2-ebs-default-encryption-enabled',
  version: '1.1.0',
  collector: 'aws-ec2-ebs-default-encryption',
  controls: ['CRY-01'],
  title: 'EBS encryption by default is on',
  // The default key id is informational: failing to read it hides nothing this rule judges.
  reads: ['GetEbsEncryptionByDefault'],
  benchmarks: {
    cis: ['5.1.1'],
    prowler: ['ec2_ebs_default_encryption'],
    cisDivergence:
      'CIS v4.0.1 5.1.1 is audited with get-ebs-encryption-by-default per region ("Always encrypt new EBS volumes"), which is what this rule judges; Prowler maps 5.1.1 to ec2_ebs_volume_encryption (existing volumes) instead.',
  },
  accepts: (d) =>
    typeof d === 'object' &&
    d !== null &&
    typeof (d as Partial<EbsDefaultEncryptionData>).encryptionByDefault === 'boolean',
  evaluate({ encryptionByDefault, defaultKmsKeyId }) {
    if (encryptionByDefault)
      return outcome.pass(`EBS encryption by default is on (key ${defaultKmsKeyId ?? 'unknown'})`);
    return outcome.fail('EBS encryption by default is off', [{ resource: EBS_SETTING, reason: 'disabled' }]);
  },
});
