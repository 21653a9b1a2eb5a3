import { describe, expect, it } from '@jest/globals';
import { EC2Client, EnableEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, PutBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { collector as trails } from '../../shared/collectors/aws-cloudtrail-trails/collector.js';
import { collector as ebs } from '../../shared/collectors/aws-ec2-ebs-default-encryption/collector.js';
import { collector as kmsKeys } from '../../shared/collectors/aws-kms-keys/collector.js';
import { collector as s3Buckets } from '../../shared/collectors/aws-s3-buckets/collector.js';
import type { ProxiedRequest } from '../harness/fault-proxy.js';
import { awsJsonError, awsXmlError } from '../harness/fault-proxy.js';
import { awsTestConfig } from '../harness/aws.js';
import { faultProxies, jsonHeaders as json, judgeOne, target } from '../harness/partial-evidence.js';

/**
 * Partial evidence end to end: a real collector runs against moto through the fault proxy with one call failing,
 * and the engine still judges every resource it could see (issue: one failed call must not blind a whole artifact).
 */
const proxy = faultProxies();
const keyIdOf = (req: ProxiedRequest) => (JSON.parse(req.body || '{}') as { KeyId?: string }).KeyId;

describe('partial evidence (fault injection per AWS collector)', () => {
  it('aws-kms-keys: one key whose rotation status fails to read leaves the others judged', async () => {
    const region = 'eu-north-1';
    const kms = new KMSClient(awsTestConfig(region));
    // No KeyUsage on purpose: moto omits it, and a key list must not be rejected for an optional field.
    const rotated = (await kms.send(new CreateKeyCommand({ Description: 'rotated' }))).KeyMetadata!.KeyId!;
    await kms.send(new EnableKeyRotationCommand({ KeyId: rotated }));
    const unrotated = (await kms.send(new CreateKeyCommand({ Description: 'stale' }))).KeyMetadata!.KeyId!;
    const denied = (id: string) => (req: ProxiedRequest) =>
      target(req) === 'TrentService.GetKeyRotationStatus' && keyIdOf(req) === id
        ? { status: 400, body: awsJsonError('AccessDeniedException', 'no'), headers: json }
        : undefined;

    const failing = await judgeOne(kmsKeys, 'kms-key-rotation-enabled', region, await proxy(denied(rotated)));
    expect(failing.envelope.errors).toHaveLength(1);
    expect(failing.result.status).toBe('FAIL');
    expect(failing.result.failing.map((f) => f.resource)).toEqual([expect.stringContaining(unrotated)]);

    const unsure = await judgeOne(
      kmsKeys,
      'kms-key-rotation-enabled',
      region,
      await proxy(denied(unrotated)),
    );
    expect(unsure.result.status).toBe('UNKNOWN');
    expect(unsure.result.reason).toContain(
      `could not see ${unrotated} (GetKeyRotationStatus: access was denied)`,
    );
  });

  it('aws-ec2-ebs-default-encryption: a failed GetEbsDefaultKmsKeyId still judges encryptionByDefault', async () => {
    // Straight to moto, which does not implement GetEbsDefaultKmsKeyId: the informational call fails every time.
    const region = 'eu-south-1';
    await new EC2Client(awsTestConfig(region)).send(new EnableEbsEncryptionByDefaultCommand({}));
    const { envelope, result } = await judgeOne(
      ebs,
      'ec2-ebs-default-encryption-enabled',
      region,
      awsTestConfig(region),
    );
    expect(envelope.errors).toEqual([expect.objectContaining({ operation: 'GetEbsDefaultKmsKeyId' })]);
    expect(envelope.provenance.complete).toBe(false);
    expect(result.status).toBe('PASS');
  });

  it('aws-s3-buckets: one bucket whose encryption cannot be read leaves the others judged', async () => {
    const s3 = new S3Client(awsTestConfig());
    for (const Bucket of ['pe-sealed', 'pe-plain']) await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'pe-sealed',
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      }),
    );
    const denied = (bucket: string) => (req: ProxiedRequest) =>
      new RegExp(`^/${bucket}/?\\?encryption(=|&|$)`).test(req.url)
        ? { status: 403, body: awsXmlError('AccessDenied'), headers: { 'content-type': 'application/xml' } }
        : undefined;

    const failing = await judgeOne(
      s3Buckets,
      's3-bucket-default-encryption-enabled',
      'global',
      await proxy(denied('pe-sealed')),
    );
    expect(failing.envelope.errors).toEqual([
      expect.objectContaining({ resource: 's3://pe-sealed', operation: 'GetBucketEncryption' }),
    ]);
    expect(failing.result.status).toBe('FAIL');
    expect(failing.result.failing.map((f) => f.resource)).toEqual([expect.stringMatching(/\/pe-plain$/)]);

    const unsure = await judgeOne(
      s3Buckets,
      's3-bucket-default-encryption-enabled',
      'global',
      await proxy(denied('pe-plain')),
    );
    expect(unsure.result.status).toBe('UNKNOWN');
    expect(unsure.result.reason).toContain(
      'could not see s3://pe-plain (GetBucketEncryption: access was denied)',
    );

    // A rule that does not read the failed call is judged as if nothing failed.
    const logging = await judgeOne(
      s3Buckets,
      's3-bucket-access-logging-enabled',
      'global',
      await proxy(denied('pe-plain')),
    );
    expect(logging.result.status).toBe('FAIL');
    expect(logging.result.reason).not.toContain('could not see');
  });

  it('aws-cloudtrail-trails: an unreadable trail status does not hide the multi-region trail that logs', async () => {
    const region = 'ca-central-1';
    await new S3Client(awsTestConfig(region)).send(new CreateBucketCommand({ Bucket: 'pe-trail-logs' }));
    const ct = new CloudTrailClient(awsTestConfig(region));
    await ct.send(
      new CreateTrailCommand({ Name: 'pe-main', S3BucketName: 'pe-trail-logs', IsMultiRegionTrail: true }),
    );
    await ct.send(new StartLoggingCommand({ Name: 'pe-main' }));
    await ct.send(new CreateTrailCommand({ Name: 'pe-local', S3BucketName: 'pe-trail-logs' }));
    const connection = await proxy((req) =>
      target(req).endsWith('.GetTrailStatus') && req.body.includes('pe-local')
        ? { status: 400, body: awsJsonError('AccessDeniedException', 'no'), headers: json }
        : undefined,
    );
    const { envelope, result } = await judgeOne(
      trails,
      'cloudtrail-trail-multi-region-logging',
      region,
      connection,
    );
    expect(envelope.errors).toEqual([expect.objectContaining({ operation: 'GetTrailStatus' })]);
    expect(result.status).toBe('PASS');
    expect(result.reason).toContain('multi-region trail pe-main is logging; also could not see');
  });
});
