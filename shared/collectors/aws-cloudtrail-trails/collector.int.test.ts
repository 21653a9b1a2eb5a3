import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CloudTrailClient,
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { awsTestConfig } from '../../../test/harness/aws.js';
import { awsJsonError, startFaultProxy, type ProxiedRequest } from '../../../test/harness/fault-proxy.js';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector } from './collector.js';
import type { CloudTrailTrailsData } from './schema.js';

const scope = { account: '123456789012', region: 'us-east-1' };
const deps = (endpoint = awsTestConfig().endpoint) => ({
  connection: { ...awsTestConfig(), endpoint },
  now: () => new Date('2026-03-01T00:00:00Z'),
});
const trails = (d: unknown) => (d as CloudTrailTrailsData).trails;
const target = (req: ProxiedRequest) => String(req.headers['x-amz-target'] ?? '');
const json = { 'content-type': 'application/x-amz-json-1.1' };
let keyArn = '';

beforeAll(async () => {
  await new S3Client(awsTestConfig()).send(new CreateBucketCommand({ Bucket: 'trail-logs' }));
  keyArn = (await new KMSClient(awsTestConfig()).send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  const ct = new CloudTrailClient(awsTestConfig());
  await ct.send(new CreateTrailCommand({ Name: 'basic-trail', S3BucketName: 'trail-logs' }));
  await ct.send(
    new PutEventSelectorsCommand({
      TrailName: 'basic-trail',
      EventSelectors: [{ ReadWriteType: 'ReadOnly', IncludeManagementEvents: true }],
    }),
  );
  await ct.send(
    new CreateTrailCommand({
      Name: 'org-wide',
      S3BucketName: 'trail-logs',
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
      IncludeGlobalServiceEvents: true,
      KmsKeyId: keyArn,
    }),
  );
  await ct.send(
    new PutEventSelectorsCommand({
      TrailName: 'org-wide',
      AdvancedEventSelectors: [
        {
          Name: 'management',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Management'] },
            { Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] },
          ],
        },
      ],
    }),
  );
  await ct.send(new StartLoggingCommand({ Name: 'org-wide' }));
  // A multi-region trail homed in another region is described by that region's run; here it is a covering trail.
  await new CloudTrailClient(awsTestConfig('eu-west-1')).send(
    new CreateTrailCommand({ Name: 'eu-trail', S3BucketName: 'trail-logs', IsMultiRegionTrail: true }),
  );
});

let proxy: Awaited<ReturnType<typeof startFaultProxy>> | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

describe('aws-cloudtrail-trails', () => {
  it('collects status, validation, KMS and management-event facts of the trails homed in the region', async () => {
    const { envelope } = await collectEnvelope(collector, scope, deps());
    expect(envelope.errors).toEqual([]);
    expect(trails(envelope.data).map((t) => t.name)).toEqual(['basic-trail', 'org-wide']);
    const [basic, org] = trails(envelope.data);
    expect(basic).toMatchObject({
      homeRegion: 'us-east-1',
      isMultiRegion: false,
      logFileValidationEnabled: false,
      kmsKeyId: null,
      s3BucketName: 'trail-logs',
      isLogging: false,
      managementEvents: { selectorKind: 'classic', included: true, readWriteType: 'ReadOnly' },
    });
    expect(org).toMatchObject({
      isMultiRegion: true,
      logFileValidationEnabled: true,
      kmsKeyId: keyArn,
      isLogging: true,
      includeGlobalServiceEvents: true,
      managementEvents: {
        selectorKind: 'advanced',
        included: true,
        readWriteType: 'All',
        excludedEventSources: ['kms.amazonaws.com'],
      },
    });
    const ops = envelope.provenance.operations;
    expect(ops).toContainEqual(
      expect.objectContaining({
        service: 'CloudTrail',
        operation: 'DescribeTrails',
        params: { includeShadowTrails: true },
        pages: 1,
      }),
    );
    expect(ops.filter((o) => o.operation === 'GetTrailStatus')).toHaveLength(3);
    expect(ops.filter((o) => o.operation === 'GetEventSelectors')).toHaveLength(2);
  });

  it('reports multi-region trails homed elsewhere as covering trails, with their logging status', async () => {
    const { envelope } = await collectEnvelope(collector, scope, deps());
    expect((envelope.data as CloudTrailTrailsData).coveringTrails).toEqual([
      expect.objectContaining({
        name: 'eu-trail',
        homeRegion: 'eu-west-1',
        isMultiRegion: true,
        isLogging: false,
      }),
    ]);
    const elsewhere = await collectEnvelope(collector, { ...scope, region: 'ap-south-1' }, deps());
    const data = elsewhere.envelope.data as CloudTrailTrailsData;
    expect(data.trails).toEqual([]);
    expect(data.coveringTrails!.map((t) => t.name).sort()).toEqual(['eu-trail', 'org-wide']);
    expect(data.coveringTrails!.find((t) => t.name === 'org-wide')!.isLogging).toBe(true);
  });

  it('records AccessDenied on one trail status while the other trail is complete', async () => {
    proxy = await startFaultProxy(awsTestConfig().endpoint, (req) =>
      target(req).endsWith('.GetTrailStatus') && req.body.includes('basic-trail')
        ? { status: 400, body: awsJsonError('AccessDeniedException', 'not authorized'), headers: json }
        : undefined,
    );
    const { envelope } = await collectEnvelope(collector, scope, deps(proxy.endpoint));
    expect(proxy.hits()).toBe(1);
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'AccessDenied',
        operation: 'GetTrailStatus',
        resource: expect.stringContaining(':trail/basic-trail'),
      }),
    ]);
    expect(envelope.provenance.complete).toBe(false);
    const [basic, org] = trails(envelope.data);
    expect(basic).not.toHaveProperty('isLogging');
    expect(basic?.managementEvents?.included).toBe(true);
    expect(org?.isLogging).toBe(true);
  });

  it('turns a truncated DescribeTrails answer into an error, never an empty trail list', async () => {
    proxy = await startFaultProxy(awsTestConfig().endpoint, (req) =>
      target(req).endsWith('.DescribeTrails')
        ? { status: 200, body: '{"trailList":[{"Name":"basic-tr', headers: json }
        : undefined,
    );
    const { envelope } = await collectEnvelope(collector, scope, deps(proxy.endpoint));
    expect(envelope.data).toBeNull();
    expect(envelope.errors).toEqual([expect.objectContaining({ operation: 'collect' })]);
  });

  it('rejects a DescribeTrails answer without a trail list or with a nameless trail', async () => {
    for (const body of ['{}', '{"trailList":[{"HomeRegion":"us-east-1"}]}']) {
      proxy = await startFaultProxy(awsTestConfig().endpoint, (req) =>
        target(req).endsWith('.DescribeTrails') ? { status: 200, body, headers: json } : undefined,
      );
      const { envelope } = await collectEnvelope(collector, scope, deps(proxy.endpoint));
      expect(envelope.data).toBeNull();
      expect(envelope.errors).toEqual([
        expect.objectContaining({ code: 'InvalidSourceData', operation: 'collect' }),
      ]);
      await proxy.close();
      proxy = undefined;
    }
  });
});
