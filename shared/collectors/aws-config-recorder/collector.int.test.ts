import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ConfigServiceClient,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { awsTestConfig } from '../../../test/harness/aws.js';
import { awsJsonError, startFaultProxy, type ProxiedRequest } from '../../../test/harness/fault-proxy.js';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector } from './collector.js';
import type { ConfigRecorderData } from './schema.js';

const scope = { account: '123456789012', region: 'us-east-1' };
const deps = (endpoint = awsTestConfig().endpoint) => ({
  connection: { ...awsTestConfig(), endpoint },
  now: () => new Date('2026-03-01T00:00:00Z'),
});
const data = (d: unknown) => d as ConfigRecorderData;
const op = (req: ProxiedRequest, name: string) =>
  req.headers['x-amz-target'] === `StarlingDoveService.${name}`;
const json = { 'content-type': 'application/x-amz-json-1.1' };

/** DescribeDeliveryChannelStatus in the real AWS JSON shape (moto does not implement it). */
const channelStatus = JSON.stringify({
  DeliveryChannelsStatus: [
    {
      name: 'default',
      configSnapshotDeliveryInfo: {
        lastStatus: 'Success',
        lastAttemptTime: 1772323200,
        lastSuccessfulTime: 1772323200,
      },
      configHistoryDeliveryInfo: {
        lastStatus: 'Failure',
        lastErrorCode: 'AccessDenied',
        lastAttemptTime: 1772323200,
        lastSuccessfulTime: 1772236800,
      },
      configStreamDeliveryInfo: { lastStatus: 'NOT_APPLICABLE' },
    },
  ],
});
const serveChannelStatus = (req: ProxiedRequest) =>
  op(req, 'DescribeDeliveryChannelStatus') ? { status: 200, body: channelStatus, headers: json } : undefined;

beforeAll(async () => {
  await new S3Client(awsTestConfig()).send(new CreateBucketCommand({ Bucket: 'config-history' }));
  const config = new ConfigServiceClient(awsTestConfig());
  await config.send(
    new PutConfigurationRecorderCommand({
      ConfigurationRecorder: {
        name: 'default',
        roleARN: 'arn:aws:iam::123456789012:role/config-recorder',
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
      },
    }),
  );
  await config.send(
    new PutDeliveryChannelCommand({
      DeliveryChannel: {
        name: 'default',
        s3BucketName: 'config-history',
        s3KeyPrefix: 'config',
        configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
      },
    }),
  );
  await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
});

let proxy: Awaited<ReturnType<typeof startFaultProxy>> | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

describe('aws-config-recorder', () => {
  it('collects the recorder, its status and the delivery channel with its delivery status', async () => {
    proxy = await startFaultProxy(awsTestConfig().endpoint, serveChannelStatus);
    const { envelope } = await collectEnvelope(collector, scope, deps(proxy.endpoint));
    expect(envelope.errors).toEqual([]);
    expect(data(envelope.data).recorders).toEqual([
      expect.objectContaining({
        name: 'default',
        roleArn: 'arn:aws:iam::123456789012:role/config-recorder',
        allSupported: true,
        includeGlobalResourceTypes: true,
        recordingStrategy: 'ALL_SUPPORTED_RESOURCE_TYPES',
        recording: true,
        // moto reports a freshly started recorder as PENDING (AWS moves on to SUCCESS after the first recording).
        lastStatus: 'PENDING',
        lastStopTime: null,
        lastStartTime: expect.stringMatching(/^\d{4}-/),
      }),
    ]);
    expect(data(envelope.data).deliveryChannels).toEqual([
      {
        name: 'default',
        s3BucketName: 'config-history',
        s3KeyPrefix: 'config',
        s3KmsKeyArn: null,
        snsTopicArn: null,
        snapshotDeliveryFrequency: 'TwentyFour_Hours',
        lastSnapshotStatus: 'Success',
        lastSnapshotTime: '2026-03-01T00:00:00.000Z',
        lastHistoryStatus: 'Failure',
        lastHistoryTime: '2026-02-28T00:00:00.000Z',
      },
    ]);
    const ops = envelope.provenance.operations.map((o) => `${o.service}.${o.operation}:${o.pages}`);
    expect(ops).toEqual(
      expect.arrayContaining([
        'ConfigService.DescribeConfigurationRecorders:1',
        'ConfigService.DescribeConfigurationRecorderStatus:1',
        'ConfigService.DescribeDeliveryChannels:1',
        'ConfigService.DescribeDeliveryChannelStatus:1',
      ]),
    );
  });

  it('on the bare emulator, records the unimplemented DescribeDeliveryChannelStatus as an error, not a pass', async () => {
    const { envelope } = await collectEnvelope(collector, scope, deps());
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        operation: 'DescribeDeliveryChannelStatus',
        resource: 'config-delivery-channels/us-east-1',
      }),
    ]);
    expect(envelope.provenance.complete).toBe(false);
    const [channel] = data(envelope.data).deliveryChannels;
    expect(channel).toMatchObject({ name: 'default', s3BucketName: 'config-history' });
    expect(channel).not.toHaveProperty('lastSnapshotStatus');
    expect(data(envelope.data).recorders[0]?.recording).toBe(true);
  });

  it('records AccessDenied on the recorder status while the rest is collected', async () => {
    proxy = await startFaultProxy(awsTestConfig().endpoint, (req) =>
      op(req, 'DescribeConfigurationRecorderStatus')
        ? { status: 400, body: awsJsonError('AccessDeniedException', 'not authorized'), headers: json }
        : serveChannelStatus(req),
    );
    const { envelope } = await collectEnvelope(collector, scope, deps(proxy.endpoint));
    expect(envelope.errors).toEqual([
      expect.objectContaining({ code: 'AccessDenied', operation: 'DescribeConfigurationRecorderStatus' }),
    ]);
    const [rec] = data(envelope.data).recorders;
    expect(rec).toMatchObject({ name: 'default', allSupported: true });
    expect(rec).not.toHaveProperty('recording');
    expect(data(envelope.data).deliveryChannels[0]?.lastSnapshotStatus).toBe('Success');
  });

  it('reports a region without a recorder as empty lists without asking for statuses', async () => {
    const { envelope } = await collectEnvelope(collector, { ...scope, region: 'eu-central-1' }, deps());
    expect(envelope.errors).toEqual([]);
    expect(envelope.data).toEqual({ recorders: [], deliveryChannels: [] });
    expect(envelope.provenance.operations.map((o) => o.operation).sort()).toEqual([
      'DescribeConfigurationRecorders',
      'DescribeDeliveryChannels',
      'GetCallerIdentity',
    ]);
  });

  it('turns a truncated or shapeless recorder answer into an error, never an empty region', async () => {
    for (const body of ['{"ConfigurationRecorders":[{"name":"def', '{}']) {
      proxy = await startFaultProxy(awsTestConfig().endpoint, (req) =>
        op(req, 'DescribeConfigurationRecorders')
          ? { status: 200, body, headers: json }
          : serveChannelStatus(req),
      );
      const { envelope } = await collectEnvelope(collector, scope, deps(proxy.endpoint));
      expect(envelope.data).toBeNull();
      expect(envelope.errors).toEqual([expect.objectContaining({ operation: 'collect' })]);
      await proxy.close();
      proxy = undefined;
    }
  });
});
