import type { SecurityHubStatusData } from '../collectors/aws-securityhub-status/schema.js';
import { defineRule, outcome } from './types.js';

/**
 * An enabled Security Hub has at least one security standard subscribed and ready, so resources are judged
 * against a baseline. When the hub is off the rule stands aside: `securityhub-hub-enabled` reports that.
 */
export const rule = defineRule<SecurityHubStatusData>({
  id: 'securityhub-standards-subscribed',
  version: '2.1.0',
  collector: 'aws-securityhub-status',
  controls: ['MON-03', 'CFG-01'],
  title: 'Security Hub has a security standard subscribed',
  benchmarks: { cis: ['4.16'], prowler: ['securityhub_enabled'] },
  // The failed-findings counts are not judged here: an unreadable GetFindings leaves this verdict whole.
  reads: ['DescribeHub', 'GetEnabledStandards'],
  accepts: (d) =>
    typeof d === 'object' && d !== null && typeof (d as Partial<SecurityHubStatusData>).enabled === 'boolean',
  evaluate({ enabled, hubArn, standards }) {
    if (!enabled) return outcome.notApplicable('Security Hub is not enabled in this region');
    const hub = hubArn ?? 'securityhub';
    // Unreadable standards are not "no standards": the rule cannot tell, and the engine names the failed call.
    if (standards === null) return outcome.unknown('the subscribed security standards could not be read');
    const all = standards;
    const ready = all.filter((s) => s.status === 'READY');
    if (ready.length) return outcome.pass(`${ready.length} security standards are subscribed and ready`);
    if (all.length === 0)
      return outcome.fail('Security Hub has no security standard subscribed', [
        { resource: hub, reason: 'no standards' },
      ]);
    return outcome.fail(
      'no subscribed security standard is ready',
      all.map((s) => ({ resource: s.standardsArn, reason: `status ${s.status}` })),
    );
  },
});
