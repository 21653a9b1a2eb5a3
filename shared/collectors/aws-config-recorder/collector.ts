import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  DescribeDeliveryChannelStatusCommand,
  type ConfigurationRecorder,
  type ConfigurationRecorderStatus,
  type DeliveryChannel as SdkDeliveryChannel,
  type DeliveryChannelStatus,
} from '@aws-sdk/client-config-service';
import { InvalidSourceDataError } from '../../errors.js';
import { defineCollector } from '../../kernel/types.js';
import { meta } from './meta.js';
import { schema, type ConfigRecorderData, type DeliveryChannel, type Recorder } from './schema.js';

// None of these four operations paginates: each returns every recorder / channel of the region.
export const collector = defineCollector<ConfigRecorderData>({
  meta,
  schema,
  async collect(ctx) {
    const config = ctx.aws(ConfigServiceClient);
    const region = ctx.scope.region ?? 'unknown-region';
    const [{ ConfigurationRecorders }, { DeliveryChannels }] = await Promise.all([
      config.send(new DescribeConfigurationRecordersCommand({})),
      config.send(new DescribeDeliveryChannelsCommand({})),
    ]);
    if (!ConfigurationRecorders)
      throw new InvalidSourceDataError('DescribeConfigurationRecorders', ['ConfigurationRecorders: missing']);
    if (!DeliveryChannels)
      throw new InvalidSourceDataError('DescribeDeliveryChannels', ['DeliveryChannels: missing']);
    const [recorderStatus, channelStatus] = await Promise.all([
      ConfigurationRecorders.length
        ? ctx.tryResource(`config-recorders/${region}`, 'DescribeConfigurationRecorderStatus', () =>
            config.send(new DescribeConfigurationRecorderStatusCommand({})),
          )
        : undefined,
      DeliveryChannels.length
        ? ctx.tryResource(`config-delivery-channels/${region}`, 'DescribeDeliveryChannelStatus', () =>
            config.send(new DescribeDeliveryChannelStatusCommand({})),
          )
        : undefined,
    ]);
    const recorders = ConfigurationRecorders.map((r) =>
      recorder(
        r,
        recorderStatus?.ConfigurationRecordersStatus?.find((s) => s.name === r.name),
        !!recorderStatus,
      ),
    );
    const deliveryChannels = DeliveryChannels.map((c) =>
      channel(
        c,
        channelStatus?.DeliveryChannelsStatus?.find((s) => s.name === c.name),
        !!channelStatus,
      ),
    );
    return { data: { recorders, deliveryChannels } };
  },
});

function recorder(
  r: ConfigurationRecorder,
  status: ConfigurationRecorderStatus | undefined,
  statusRead: boolean,
): Recorder {
  if (!r.name) throw new InvalidSourceDataError('DescribeConfigurationRecorders', ['a recorder has no name']);
  const g = r.recordingGroup;
  return {
    name: r.name,
    roleArn: r.roleARN ?? null,
    allSupported: g?.allSupported ?? false,
    includeGlobalResourceTypes: g?.includeGlobalResourceTypes ?? false,
    resourceTypes: [...(g?.resourceTypes ?? [])],
    excludedResourceTypes: [...(g?.exclusionByResourceTypes?.resourceTypes ?? [])],
    recordingStrategy: g?.recordingStrategy?.useOnly ?? null,
    recordingFrequency: r.recordingMode?.recordingFrequency ?? null,
    // Status read but this recorder missing from it: it has never been started.
    ...(statusRead
      ? {
          recording: status?.recording ?? false,
          lastStatus: status?.lastStatus ?? null,
          lastStartTime: status?.lastStartTime?.toISOString() ?? null,
          lastStopTime: status?.lastStopTime?.toISOString() ?? null,
          lastErrorCode: status?.lastErrorCode ?? null,
        }
      : {}),
  };
}

function channel(
  c: SdkDeliveryChannel,
  status: DeliveryChannelStatus | undefined,
  statusRead: boolean,
): DeliveryChannel {
  if (!c.name)
    throw new InvalidSourceDataError('DescribeDeliveryChannels', ['a delivery channel has no name']);
  const snap = status?.configSnapshotDeliveryInfo;
  const hist = status?.configHistoryDeliveryInfo;
  return {
    name: c.name,
    s3BucketName: c.s3BucketName ?? null,
    s3KeyPrefix: c.s3KeyPrefix ?? null,
    s3KmsKeyArn: c.s3KmsKeyArn ?? null,
    snsTopicArn: c.snsTopicARN ?? null,
    snapshotDeliveryFrequency: c.configSnapshotDeliveryProperties?.deliveryFrequency ?? null,
    ...(statusRead
      ? {
          lastSnapshotStatus: snap?.lastStatus ?? null,
          lastSnapshotTime: snap?.lastSuccessfulTime?.toISOString() ?? null,
          lastHistoryStatus: hist?.lastStatus ?? null,
          lastHistoryTime: hist?.lastSuccessfulTime?.toISOString() ?? null,
        }
      : {}),
  };
}
