import type { ConfigComplianceData } from '../collectors/aws-config-compliance/schema.js';
import { defineRule, outcome } from './types.js';

/**
 * The region has AWS Config rules evaluating the baseline and none reports NON_COMPLIANT resources. Rules
 * without a result yet (INSUFFICIENT_DATA, null) neither pass nor fail the baseline.
 */
export const rule = defineRule<ConfigComplianceData>({
  id: 'config-rule-compliant',
  version: '1.0.0',
  collector: 'aws-config-compliance',
  controls: ['CFG-01'],
  title: 'AWS Config rules evaluate the baseline and report no non-compliant resources',
  benchmarks: {
    cis: [],
    prowler: [],
    noProwlerCheck:
      'Prowler judges whether AWS Config records (config_recorder_all_regions_enabled, CIS 3.3: config-recorder-recording-enabled here), not what the Config rules report.',
  },
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as ConfigComplianceData).rules),
  evaluate({ rules }) {
    if (rules.length === 0)
      return outcome.fail('no AWS Config rule evaluates the baseline', [
        { resource: 'config-rules', reason: 'none' },
      ]);
    const failing = rules
      .filter((r) => r.complianceType === 'NON_COMPLIANT')
      .map((r) => {
        const n = r.nonCompliantResourceCount;
        const count = n === null ? 'some' : `${n}${r.nonCompliantCountCapped ? '+' : ''}`;
        return { resource: r.arn ?? r.name, reason: `${r.name}: ${count} non-compliant resources` };
      });
    return outcome.of(
      failing,
      `none of ${rules.length} Config rules reports non-compliant resources`,
      `${failing.length} of ${rules.length} Config rules report non-compliant resources`,
    );
  },
});
