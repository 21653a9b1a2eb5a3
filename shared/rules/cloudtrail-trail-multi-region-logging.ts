import type { CloudTrailTrailsData } from '../collectors/aws-cloudtrail-trails/schema.js';
import { defineRule, outcome } from './types.js';

/** The resource failures name when the region holds no trail at all. */
export const NO_TRAIL_RESOURCE = 'cloudtrail';

/**
 * At least one multi-region trail is logging (CIS AWS 3.1). The collector lists the trails homed in its
 * region, so a region with none fails: a multi-region trail homed elsewhere is judged in its home region.
 */
export const rule = defineRule<CloudTrailTrailsData>({
  id: 'cloudtrail-trail-multi-region-logging',
  version: '1.0.0',
  collector: 'aws-cloudtrail-trails',
  controls: ['LOG-01'],
  title: 'A multi-region CloudTrail trail is logging',
  benchmarks: { cis: ['3.1'], prowler: ['cloudtrail_multi_region_enabled'] },
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as CloudTrailTrailsData).trails),
  evaluate({ trails }) {
    if (trails.length === 0)
      return outcome.fail('no CloudTrail trail is homed in this region', [
        { resource: NO_TRAIL_RESOURCE, reason: 'no trail' },
      ]);
    const good = trails.find((t) => t.isMultiRegion && t.isLogging === true);
    if (good) return outcome.pass(`multi-region trail ${good.name} is logging`);
    return outcome.fail(
      'no multi-region trail is logging',
      trails.map((t) => ({
        resource: t.arn,
        reason: [!t.isMultiRegion && 'single-region', t.isLogging !== true && 'not logging']
          .filter(Boolean)
          .join(', '),
      })),
    );
  },
});
