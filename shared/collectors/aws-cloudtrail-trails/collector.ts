import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import { InvalidSourceDataError } from '../../errors.js';
import { defineCollector } from '../types.js';
import { meta } from './meta.js';
import { schema, type CloudTrailTrailsData, type Trail } from './schema.js';
import { managementEvents } from './selectors.js';

export const collector = defineCollector<CloudTrailTrailsData>({
  meta,
  schema,
  async collect(ctx) {
    const client = ctx.aws(CloudTrailClient);
    // DescribeTrails is not paginated: one call returns every trail. Shadow trails are left to their home
    // region's run, so each trail is reported once across the regions of an account.
    const { trailList } = await client.send(new DescribeTrailsCommand({ includeShadowTrails: false }));
    if (!trailList) throw new InvalidSourceDataError('DescribeTrails', ['trailList: missing']);
    const trails = await Promise.all(
      trailList.map(async (t): Promise<Trail> => {
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
    return { data: { trails: trails.sort((a, b) => a.arn.localeCompare(b.arn)) } };
  },
});
