import type { CloudTrailTrailsData, Trail } from '../collectors/aws-cloudtrail-trails/schema.js';
import { defineRule, outcome } from './types.js';

/** Why a trail's management events fall short, or undefined when it records all of them. */
function gap(t: Trail): string | undefined {
  const m = t.managementEvents;
  if (!m || !m.included) return 'management events not recorded';
  if (m.readWriteType !== 'All') return `management events ${m.readWriteType ?? 'unknown'} only`;
  if (m.excludedEventSources.length) return `excludes ${m.excludedEventSources.join(', ')}`;
  return undefined;
}

/** The resource a failure names when no logging multi-region trail records the region. */
const NO_TRAIL_RESOURCE = 'cloudtrail';

/**
 * A logging multi-region trail records all management events, read and write, with no event source left
 * out (CIS AWS 3.1). A multi-region trail homed in another region (or an organization trail) is judged where it is
 * homed, so a region it covers is not applicable here. A region no logging multi-region trail records at all fails:
 * its management events are not recorded as 3.1 requires (Prowler's
 * cloudtrail_multi_region_enabled_logging_management_events fails it too), which is no case of "does not apply".
 */
export const rule = defineRule<CloudTrailTrailsData>({
  id: 'cloudtrail-trail-management-events-enabled',
  version: '1.2.0',
  collector: 'aws-cloudtrail-trails',
  controls: ['LOG-01'],
  title: 'A multi-region trail records all management events',
  benchmarks: {
    cis: ['3.1'],
    prowler: ['cloudtrail_multi_region_enabled_logging_management_events'],
    cisDivergence:
      "CIS v4.0.1 3.1's audit ends with get-event-selectors: a multi-region trail must log management events, read and write; this rule judges that step. Prowler maps 3.1 to cloudtrail_multi_region_enabled only (judged here by cloudtrail-trail-multi-region-logging).",
  },
  reads: ['DescribeTrails', 'GetTrailStatus', 'GetEventSelectors'],
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as CloudTrailTrailsData).trails),
  evaluate({ trails, coveringTrails = [] }) {
    const candidates = trails.filter((t) => t.isMultiRegion && t.isLogging === true);
    if (candidates.length === 0) {
      const covering = coveringTrails.find((t) => t.isMultiRegion && t.isLogging === true);
      if (covering)
        return outcome.notApplicable(
          `multi-region trail ${covering.name} is judged in its home region ${covering.homeRegion}`,
        );
      // A trail whose logging status is unread may be the one: the engine names it as unseen.
      if ([...trails, ...coveringTrails].some((t) => t.isMultiRegion && t.isLogging === undefined))
        return outcome.unknown('the logging status of a multi-region trail is unreadable');
      return outcome.fail('no logging multi-region trail records management events in this region', [
        { resource: NO_TRAIL_RESOURCE, reason: 'no logging multi-region trail' },
      ]);
    }
    const good = candidates.find((t) => gap(t) === undefined);
    if (good) return outcome.pass(`trail ${good.name} records all management events`);
    return outcome.fail(
      'no multi-region trail records all management events',
      candidates.map((t) => ({ resource: t.arn, reason: gap(t) })),
    );
  },
});
