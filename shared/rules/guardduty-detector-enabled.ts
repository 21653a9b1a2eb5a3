import type { GuardDutyDetectorsData } from '../collectors/aws-guardduty-detectors/schema.js';
import { defineRule, outcome } from './types.js';

/** The resource failures name when the region has no detector. */
const NO_DETECTOR_RESOURCE = 'guardduty';

/** GuardDuty has an enabled detector in the region (every region in use must have one). */
export const rule = defineRule<GuardDutyDetectorsData>({
  id: 'guardduty-detector-enabled',
  version: '1.3.0',
  collector: 'aws-guardduty-detectors',
  controls: ['MON-02', 'RSK-02'],
  title: 'GuardDuty is enabled',
  benchmarks: { cis: [], prowler: ['guardduty_is_enabled'] },
  reads: ['ListDetectors', 'GetDetector'],
  accepts: (d) =>
    typeof d === 'object' && d !== null && Array.isArray((d as GuardDutyDetectorsData).detectors),
  evaluate({ detectors }, { blind }) {
    // A listed detector whose details could not be read is left out of the data: it may be the enabled one.
    const unread = blind.filter((b) => b.operation === 'GetDetector').length;
    if (detectors.length === 0 && unread > 0)
      return outcome.unknown('the region lists detectors whose status could not be read');
    if (detectors.length === 0)
      return outcome.fail('GuardDuty is not enabled in this region', [
        { resource: NO_DETECTOR_RESOURCE, reason: 'no detector' },
      ]);
    const on = detectors.find((d) => d.status === 'ENABLED');
    if (on)
      return { ...outcome.pass(`GuardDuty detector ${on.detectorId} is enabled`), regardlessOfUnseen: true };
    if (unread > 0)
      return outcome.unknown(
        `${detectors.length} GuardDuty detectors read are disabled, and ${unread} could not be read`,
      );
    return outcome.fail(
      'every GuardDuty detector is disabled',
      detectors.map((d) => ({ resource: d.detectorId, reason: `status ${d.status}` })),
    );
  },
});
