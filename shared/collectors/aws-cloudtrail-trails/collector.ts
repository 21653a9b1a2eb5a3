import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import { InvalidSourceDataError } from '../../errors.js';
import { defineCollector } from '../../kernel/types.js';
import { meta } from './meta.js';
import { schema, type CloudTrailTrailsData, type CoveringTrail, type Trail } from './schema.js';
import { managementEvents } from './selectors.js';

export const collector = defineCollector<CloudTrailTrailsData>({
  meta,
  schema,
  async collect(ctx) {
    const client = ctx.aws(CloudTrailClient);
    // DescribeTrails is not paginated: one call returns every trail, shadow trails included (multi-region trails
    // homed elsewhere and organization trails): those cover this region. Trails homed here in this account are
    // described in full; the others only as covering trails, so each trail's settings are judged once.
    const { trailList } = await client.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
    if (!trailList) throw new InvalidSourceDataError('DescribeTrails', ['trailList: missing']);
    const region = ctx.scope.region;
    const own = (t: (typeof trailList)[number]) =>
      t.HomeRegion === region && (t.TrailARN ?? '').split(':')[4] === ctx.scope.account;
    const covering = await Promise.all(
      trailList
        .filter((t) => !own(t))
        .map(async (t): Promise<CoveringTrail> => {
          if (!t.Name || !t.TrailARN || !t.HomeRegion) {
            throw new InvalidSourceDataError('DescribeTrails', [
              'a trail lacks Name, TrailARN or HomeRegion',
            ]);
          }
          const arn = t.TrailARN;
          const status = await ctx.tryResource(arn, 'GetTrailStatus', () =>
            ctx.aws(CloudTrailClient, t.HomeRegion).send(new GetTrailStatusCommand({ Name: arn })),
          );
          return {
            name: t.Name,
            arn,
            homeRegion: t.HomeRegion,
            isMultiRegion: t.IsMultiRegionTrail ?? false,
            isOrganizationTrail: t.IsOrganizationTrail ?? false,
            ...(status ? { isLogging: status.IsLogging ?? false } : {}),
          };
        }),
    );
    const trails = await Promise.all(
      trailList.filter(own).map(async (t): Promise<Trail> => {
        if (!t.Name || !t.TrailARN || !t.HomeRegion) {
          throw new InvalidSourceDataError('DescribeTrails', ['a trail lacks Name, TrailARN or HomeRegion']);
        }
        const arn = t.TrailARN;
        const home = ctx.aws(CloudTrailClient, t.HomeRegion);
        const [status, selectors] = await Promise.all([
          ctx.tryResource(arn, 'GetTrailStatus', () => home.send(new GetTrailStatusCommand({ Name: arn }))),
          ctx.tryResource(arn, 'GetEventSelectors', () =>
            home.send(new GetEventSelectorsCommand({ TrailName: arn })),
          ),
        ]);
        return {
          name: t.Name,
          arn,
          homeRegion: t.HomeRegion,
          isMultiRegion: t.IsMultiRegionTrail ?? false,
          isOrganizationTrail: t.IsOrganizationTrail ?? false,
          logFileValidationEnabled: t.LogFileValidationEnabled ?? false,
          kmsKeyId: t.KmsKeyId ?? null,
          s3BucketName: t.S3BucketName ?? null,
          includeGlobalServiceEvents: t.IncludeGlobalServiceEvents ?? false,
          ...(status
            ? {
                isLogging: status.IsLogging ?? false,
                latestDeliveryTime: status.LatestDeliveryTime?.toISOString() ?? null,
                latestDeliveryError: status.LatestDeliveryError || null,
              }
            : {}),
          ...(selectors
            ? {
                managementEvents: managementEvents(
                  selectors.EventSelectors,
                  selectors.AdvancedEventSelectors,
                ),
              }
            : {}),
        };
      }),
    );
    const byArn = (a: { arn: string }, b: { arn: string }) => a.arn.localeCompare(b.arn);
    return { data: { trails: trails.sort(byArn), coveringTrails: covering.sort(byArn) } };
  },
});
