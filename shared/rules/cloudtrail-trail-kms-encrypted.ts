import type { CloudTrailTrailsData } from '../collectors/aws-cloudtrail-trails/schema.js';
import { defineRule, outcome } from './types.js';

/** Every trail encrypts its log files with a KMS key rather than S3-managed keys (CIS AWS 3.5). */
export const rule = defineRule<CloudTrailTrailsData>({
  id: 'cloudtrail-trail-kms-encrypted',
  version: '1.1.0',
  collector: 'aws-cloudtrail-trails',
  controls: ['LOG-02'],
  title: 'CloudTrail logs are encrypted with a KMS key',
  benchmarks: { cis: ['3.5'], prowler: ['cloudtrail_kms_encryption_enabled'] },
  reads: ['DescribeTrails'],
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as CloudTrailTrailsData).trails),
  evaluate({ trails }) {
    if (trails.length === 0) return outcome.notApplicable('no CloudTrail trail is homed in this region');
    const failing = trails
      .filter((t) => t.kmsKeyId === null)
      .map((t) => ({ resource: t.arn, reason: 'logs use S3-managed encryption, not KMS' }));
    return outcome.of(
      failing,
      `all ${trails.length} trails encrypt logs with KMS`,
      `${failing.length} of ${trails.length} trails do not encrypt logs with KMS`,
    );
  },
});
