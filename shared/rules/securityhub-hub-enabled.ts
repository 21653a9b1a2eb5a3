import type { SecurityHubStatusData } from '../collectors/aws-securityhub-status/schema.js';
import { defineRule, outcome } from './types.js';

/** The resource failures name when the region has no hub. */
const NO_HUB_RESOURCE = 'securityhub';

/** The account is subscribed to Security Hub in the region. */
export const rule = defineRule<SecurityHubStatusData>({
  id: 'securityhub-hub-enabled',
  version: '1.1.0',
  collector: 'aws-securityhub-status',
  controls: ['MON-03'],
  title: 'Security Hub is enabled',
  benchmarks: { cis: ['4.16'], prowler: ['securityhub_enabled'] },
  reads: ['DescribeHub'],
  accepts: (d) =>
    typeof d === 'object' && d !== null && typeof (d as Partial<SecurityHubStatusData>).enabled === 'boolean',
  evaluate({ enabled, hubArn }) {
    if (enabled) return outcome.pass(`Security Hub is enabled (${hubArn ?? 'hub ARN not reported'})`);
    return outcome.fail('Security Hub is not enabled in this region', [
      { resource: NO_HUB_RESOURCE, reason: 'not subscribed' },
    ]);
  },
});
