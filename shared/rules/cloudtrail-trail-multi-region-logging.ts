import type { CloudTrailTrailsData } from '../collectors/aws-cloudtrail-trails/schema.js';
import { defineRule, outcome } from './types.js';

/** The resource failures name when the region holds no trail at all. */
const NO_TRAIL_RESOURCE = 'cloudtrail';

/**
 * At least one multi-region trail is logging (CIS AWS 3.1), judged per account: a multi-region trail homed in any
 * region, or an organization trail owned by the management account, records every region, so the collector reports
 * it (as a covering trail) in each region it records. A region no such trail records fails.
 */
export const rule = defineRule<CloudTrailTrailsData>({
  id: 'cloudtrail-trail-multi-region-logging',
  version: '2.1.0',
  collector: 'aws-cloudtrail-trails',
  controls: ['LOG-01'],
  title: 'A multi-region CloudTrail trail is logging',
  benchmarks: { cis: ['3.1'], prowler: ['cloudtrail_multi_region_enabled'] },
  reads: ['DescribeTrails', 'GetTrailStatus'],
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as CloudTrailTrailsData).trails),
  evaluate({ trails, coveringTrails = [] }) {
    const all = [...trails, ...coveringTrails];
    if (all.length === 0)
      return outcome.fail('no CloudTrail trail records this region', [
        { resource: NO_TRAIL_RESOURCE, reason: 'no trail' },
      ]);
    const good = all.find((t) => t.isMultiRegion && t.isLogging === true);
    if (good) {
      const kind = good.isOrganizationTrail ? 'organization trail, ' : '';
      const where = trails.includes(good as (typeof trails)[number])
        ? ''
        : ` (${kind}homed in ${good.homeRegion})`;
      // One logging multi-region trail covers the region whatever the unreadable trails say.
      return {
        ...outcome.pass(`multi-region trail ${good.name}${where} is logging`),
        regardlessOfUnseen: true,
      };
    }
    // A trail whose status could not be read is not failed for it: the engine names it as unseen.
    if (all.every((t) => t.isMultiRegion && t.isLogging === undefined))
      return outcome.unknown('the logging status of every multi-region trail is unreadable');
    return outcome.fail(
      'no multi-region trail is logging',
      all
        .filter((t) => !t.isMultiRegion || t.isLogging === false)
        .map((t) => ({
          resource: t.arn,
          reason: [!t.isMultiRegion && 'single-region', t.isLogging === false && 'not logging']
            .filter(Boolean)
            .join(', '),
        })),
    );
  },
});
