import type { ConfigRecorderData, Recorder } from '../collectors/aws-config-recorder/schema.js';
import { defineRule, outcome } from './types.js';

/** Why a recorder falls short, or an empty list when it records everything. */
function gaps(r: Recorder): string[] {
  const out: string[] = [];
  // An unreadable status (`recording` absent) is not "not recording": the engine names the failed call.
  if (r.recording === false) out.push(`not recording${r.lastStatus ? ` (last status ${r.lastStatus})` : ''}`);
  const all = r.allSupported || r.recordingStrategy === 'ALL_SUPPORTED_RESOURCE_TYPES';
  if (!all) out.push('does not record all supported resource types');
  if (r.excludedResourceTypes.length) out.push(`excludes ${r.excludedResourceTypes.join(', ')}`);
  return out;
}

/**
 * AWS Config records every supported resource type in the region and delivers to a channel (CIS AWS 3.3):
 * the evidence of the cloud asset inventory.
 */
export const rule = defineRule<ConfigRecorderData>({
  id: 'config-recorder-recording-enabled',
  version: '2.0.0',
  collector: 'aws-config-recorder',
  controls: ['CFG-02', 'AST-01'],
  title: 'AWS Config records all resources and delivers them',
  benchmarks: { cis: ['3.3'], prowler: ['config_recorder_all_regions_enabled'] },
  reads: [
    'DescribeConfigurationRecorders',
    'DescribeConfigurationRecorderStatus',
    'DescribeDeliveryChannels',
  ],
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as ConfigRecorderData).recorders),
  evaluate({ recorders, deliveryChannels }) {
    if (recorders.length === 0)
      return outcome.fail('no AWS Config recorder in this region', [
        { resource: 'config-recorder', reason: 'none' },
      ]);
    const failing = recorders.flatMap((r) => {
      const g = gaps(r);
      return g.length ? [{ resource: r.name, reason: g.join('; ') }] : [];
    });
    if (deliveryChannels.length === 0) failing.push({ resource: 'delivery-channel', reason: 'none' });
    return outcome.of(
      failing,
      `recorder ${recorders.map((r) => r.name).join(', ')} records all resources and delivers them`,
      'AWS Config does not record all resources or has no delivery channel',
    );
  },
});
