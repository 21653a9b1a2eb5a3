import type { CloudTrailTrailsData } from '../collectors/aws-cloudtrail-trails/schema.js';
import { defineRule, outcome } from './types.js';

/** Every trail has log file integrity validation on (CIS AWS 3.2). */
export const rule = defineRule<CloudTrailTrailsData>({
  id: 'cloudtrail-trail-log-file-validation-enabled',
  version: '1.1.0',
  collector: 'aws-cloudtrail-trails',
  controls: ['LOG-02'],
  title: 'CloudTrail log file validation is on for every trail',
  benchmarks: { cis: ['3.2'], prowler: ['cloudtrail_log_file_validation_enabled'] },
  reads: ['DescribeTrails'],
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as CloudTrailTrailsData).trails),
  evaluate({ trails }) {
    if (trails.length === 0) return outcome.notApplicable('no CloudTrail trail is homed in this region');
    const failing = trails
      .filter((t) => !t.logFileValidationEnabled)
      .map((t) => ({ resource: t.arn, reason: 'log file validation off' }));
    return outcome.of(
      failing,
      `all ${trails.length} trails validate their log files`,
      `${failing.length} of ${trails.length} trails have log file validation off`,
    );
  },
});
