import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CreateBucketCommand,
  ListBucketsCommand,
  PutBucketEncryptionCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  PutPublicAccessBlockCommand as PutAccountPabCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { awsTestConfig } from '../../../test/harness/aws.js';
import { awsXmlError, startFaultProxy } from '../../../test/harness/fault-proxy.js';
import { isListBuckets, listBucketsPage, listXml } from '../../../test/fixtures/s3-list-buckets.js';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector, createS3BucketsCollector } from './collector.js';
import type { S3BucketsData } from './schema.js';

const ACCOUNT = '123456789012';
const scope = { account: ACCOUNT, region: 'global' };
const connection = (endpoint = awsTestConfig().endpoint) => ({ ...awsTestConfig(), endpoint });
const deps = (endpoint?: string) => ({
  connection: connection(endpoint),
  now: () => new Date('2026-03-01T00:00:00Z'),
});
const data = (d: unknown) => d as S3BucketsData;
const bucket = (d: unknown, name: string) => data(d).buckets.find((b) => b.name === name);

const policy = (name: string, ...Statement: unknown[]) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: Statement.map((s) => ({ Resource: `arn:aws:s3:::${name}/*`, ...(s as object) })),
  });

async function seed(): Promise<void> {
  const s3 = new S3Client(awsTestConfig());
  for (const Bucket of ['public-site', 'private-data', 'plain-bucket', 'log-target', 'logged-bucket']) {
    await s3.send(new CreateBucketCommand({ Bucket }));
  }
  await s3.send(
    new CreateBucketCommand({
      Bucket: 'eu-archive',
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    }),
  );
  await s3.send(new CreateBucketCommand({ Bucket: 'locked-evidence', ObjectLockEnabledForBucket: true }));
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: 'public-site',
      Policy: policy('public-site', { Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }),
    }),
  );
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: 'private-data',
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/evidence' },
            BucketKeyEnabled: true,
          },
        ],
      },
    }),
  );
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: 'private-data',
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    }),
  );
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: 'private-data',
      Policy: policy('private-data', {
        Sid: 'TlsOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:GetObject',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    }),
  );
  await s3.send(
    new PutObjectLockConfigurationCommand({
      Bucket: 'locked-evidence',
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 400 } },
      },
    }),
  );
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: 'log-target',
      Policy: policy('log-target', {
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
      }),
    }),
  );
  await s3.send(
    new PutBucketVersioningCommand({
      Bucket: 'plain-bucket',
      VersioningConfiguration: { Status: 'Suspended' },
    }),
  );
  await s3.send(
    new PutBucketLoggingCommand({
      Bucket: 'logged-bucket',
      BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'log-target', TargetPrefix: 'access/' } },
    }),
  );
}

let proxy: Awaited<ReturnType<typeof startFaultProxy>> | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

describe('aws-s3-buckets', () => {
  beforeAll(seed);

  it('collects every seeded bucket fact, with the account Public Access Block not configured as null', async () => {
    const { envelope } = await collectEnvelope(collector, scope, deps());
    expect(envelope.errors).toEqual([]);
    expect(envelope.provenance.complete).toBe(true);
    const d = data(envelope.data);
    expect(d.accountPublicAccessBlock).toBeNull();
    expect(d.buckets.map((b) => b.name)).toEqual([
      'eu-archive',
      'locked-evidence',
      'log-target',
      'logged-bucket',
      'plain-bucket',
      'private-data',
      'public-site',
    ]);
    expect(bucket(d, 'public-site')).toMatchObject({
      region: 'us-east-1',
      encryption: null,
      publicAccessBlock: null,
      policy: { isPublic: true, isPublicSource: 'policy-document', tlsOnlyStatement: false },
    });
    expect(bucket(d, 'private-data')).toMatchObject({
      encryption: { algorithm: 'aws:kms', kmsKeyId: 'alias/evidence', bucketKeyEnabled: true },
      publicAccessBlock: {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      },
      policy: { isPublic: false, tlsOnlyStatement: true },
    });
    expect(bucket(d, 'plain-bucket')).toMatchObject({
      encryption: null,
      policy: null,
      versioning: { status: 'Suspended' },
      objectLock: null,
      logging: null,
    });
    expect(bucket(d, 'locked-evidence')).toMatchObject({
      versioning: { status: 'Enabled' },
      objectLock: { enabled: true, defaultMode: 'COMPLIANCE', defaultDays: 400, defaultYears: null },
    });
    expect(bucket(d, 'logged-bucket')?.logging).toEqual({
      targetBucket: 'log-target',
      targetPrefix: 'access/',
    });
    expect(bucket(d, 'eu-archive')?.region).toBe('eu-west-1');
    expect(bucket(d, 'eu-archive')?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const ops = envelope.provenance.operations;
    expect(ops).toContainEqual(
      expect.objectContaining({ service: 'S3', operation: 'ListBuckets', pages: 1, items: 7 }),
    );
    expect(ops).toContainEqual(
      expect.objectContaining({
        service: 'S3',
        operation: 'GetBucketPolicy',
        params: { Bucket: 'public-site' },
        pages: 1,
      }),
    );
    expect(ops).toContainEqual(
      expect.objectContaining({
        service: 'S3Control',
        operation: 'GetPublicAccessBlock',
        error: 'NoSuchPublicAccessBlockConfiguration',
      }),
    );
  });

  it('reads the account-level Public Access Block through S3 Control', async () => {
    const endpoint = awsTestConfig().endpoint;
    // The seeding client needs the same fixed endpoint the collector's client factory sets for S3 Control.
    const control = new S3ControlClient({
      ...connection(),
      endpointProvider: () => ({ url: new URL(endpoint) }),
    });
    await control.send(
      new PutAccountPabCommand({
        AccountId: ACCOUNT,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: false,
        },
      }),
    );
    const { envelope } = await collectEnvelope(collector, scope, deps());
    expect(data(envelope.data).accountPublicAccessBlock).toEqual({
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: false,
    });
  });

  it('follows ListBuckets continuation tokens across pages', async () => {
    // moto honours MaxBuckets but never returns a ContinuationToken (a truncated list would look complete),
    // so the proxy serves ListBuckets in the AWS shape, in pages of 2, over the buckets moto really holds.
    const names = ((await new S3Client(awsTestConfig()).send(new ListBucketsCommand({}))).Buckets ?? []).map(
      (b) => b.Name!,
    );
    expect(names.length).toBe(7);
    const seenTokens: string[] = [];
    proxy = await startFaultProxy(awsTestConfig().endpoint, (req) => listBucketsPage(req, names, seenTokens));
    const { envelope } = await collectEnvelope(
      createS3BucketsCollector({ pageSize: 2 }),
      scope,
      deps(proxy.endpoint),
    );
    expect(envelope.errors).toEqual([]);
    expect(
      data(envelope.data)
        .buckets.map((b) => b.name)
        .sort(),
    ).toEqual([...names].sort());
    expect(seenTokens).toEqual(['2', '4', '6']);
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({ operation: 'ListBuckets', params: { MaxBuckets: 2 }, pages: 4, items: 7 }),
    );
  });

  it('records AccessDenied on one bucket policy in errors while every other bucket is complete', async () => {
    proxy = await startFaultProxy(awsTestConfig().endpoint, (req) =>
      /^\/public-site\/?\?policy(=|&|$)/.test(req.url)
        ? {
            status: 403,
            body: awsXmlError('AccessDenied', 'Access Denied'),
            headers: { 'content-type': 'application/xml' },
          }
        : undefined,
    );
    const { envelope } = await collectEnvelope(collector, scope, deps(proxy.endpoint));
    expect(proxy.hits()).toBe(1);
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'AccessDenied',
        resource: 's3://public-site',
        operation: 'GetBucketPolicy',
      }),
    ]);
    expect(envelope.provenance.complete).toBe(false);
    const site = bucket(envelope.data, 'public-site');
    expect(site).not.toHaveProperty('policy');
    expect(site).toMatchObject({ encryption: null, versioning: { status: 'Disabled' } });
    expect(bucket(envelope.data, 'private-data')?.policy).toMatchObject({ tlsOnlyStatement: true });
    expect(data(envelope.data).buckets).toHaveLength(7);
  });

  it('turns a truncated ListBuckets page into an error, never an empty inventory', async () => {
    proxy = await startFaultProxy(awsTestConfig().endpoint, (req) =>
      isListBuckets(req)
        ? {
            status: 200,
            body: '<?xml version="1.0"?><ListAllMyBucketsResult><Buckets><Bucket><Name>public-si',
            headers: { 'content-type': 'application/xml' },
          }
        : undefined,
    );
    const { envelope } = await collectEnvelope(collector, scope, deps(proxy.endpoint));
    expect(envelope.data).toBeNull();
    expect(envelope.errors).toEqual([expect.objectContaining({ operation: 'collect' })]);
    expect(envelope.provenance.complete).toBe(false);
  });

  it('rejects a listed bucket without a name as invalid source data', async () => {
    proxy = await startFaultProxy(awsTestConfig().endpoint, (req) =>
      isListBuckets(req)
        ? {
            status: 200,
            body: listXml([{ CreationDate: '2026-01-01T00:00:00.000Z' }]),
            headers: { 'content-type': 'application/xml' },
          }
        : undefined,
    );
    const { envelope } = await collectEnvelope(collector, scope, deps(proxy.endpoint));
    expect(envelope.data).toBeNull();
    expect(envelope.errors).toEqual([
      expect.objectContaining({ code: 'InvalidSourceData', operation: 'collect' }),
    ]);
  });
});
