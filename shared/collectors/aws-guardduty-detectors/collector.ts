import { GetDetectorCommand, GuardDutyClient, paginateListDetectors } from '@aws-sdk/client-guardduty';
import { defineCollector, requestedPageSize } from '../../kernel/types.js';
import { meta } from './meta.js';
import { schema, type Detector, type GuardDutyDetectorsData } from './schema.js';

/**
 * Lists the region's GuardDuty detectors and reads each one's status, publishing frequency, data sources
 * and features. A detector that cannot be read is recorded in errors and left out.
 * `ctx.extras.pageSize` (tests) sets ListDetectors' MaxResults.
 */
export const collector = defineCollector<GuardDutyDetectorsData>({
  meta,
  schema,
  async collect(ctx) {
    const gd = ctx.aws(GuardDutyClient);
    const pageSize = requestedPageSize(ctx);
    const ids: string[] = [];
    for await (const page of paginateListDetectors({ client: gd, pageSize }, {}))
      ids.push(...(page.DetectorIds ?? []));

    const detectors: Detector[] = [];
    for (const detectorId of ids) {
      const d = await ctx.tryResource(detectorId, 'GetDetector', () =>
        gd.send(new GetDetectorCommand({ DetectorId: detectorId })),
      );
      if (!d) continue;
      detectors.push({
        detectorId,
        // A detector answer without a status is malformed: the schema rejects it.
        status: d.Status as string,
        findingPublishingFrequency: d.FindingPublishingFrequency ?? null,
        createdAt: d.CreatedAt ?? null,
        dataSources: flattenStatuses(d.DataSources),
        features: (d.Features ?? []).map((f) => ({ name: f.Name as string, status: f.Status as string })),
      });
    }
    return { data: { detectors } };
  },
});

/** Collects every nested `{ Status }` leaf as `path → status`, with the SDK's key names (`Kubernetes.AuditLogs`). */
function flattenStatuses(
  value: unknown,
  path = '',
  out: Record<string, string> = {},
): Record<string, string> {
  if (!value || typeof value !== 'object') return out;
  for (const [k, v] of Object.entries(value)) {
    if ((k === 'Status' || k === 'status') && typeof v === 'string' && path) out[path] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v))
      flattenStatuses(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}
