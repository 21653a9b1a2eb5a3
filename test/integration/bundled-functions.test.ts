// The deployed artefact, not the source: collector entries bundled exactly as `cdk synth` bundles them
// (infra/bundling/esbuild.ts, with the SDK schema-key rewrite), run in a fresh Node process against moto, must
// store the same evidence as the source handler run in-process.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { PutBucketEncryptionCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { createCollectorHandler } from '../../functions/collector/handler.js';
import { awsSource } from '../../functions/collector/sources/aws.js';
import { batch, context, platform, record, unit } from '../../functions/collector/test-platform.js';
import { bundleFunction } from '../../infra/bundling/esbuild.js';
import { REPO_ROOT } from '../../infra/constructs/flux-function.js';
import { getCollector } from '../../shared/collectors/registry.js';
import { awsTestConfig } from '../harness/aws.js';

const run = promisify(execFile);
const REGION = 'us-east-1';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flux-bundles-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Invokes a bundle's handler with one SQS event in a fresh `node` process; returns `{ result }`, or `{ error }`
 * with the thrown error's name, code and message.
 */
async function invokeBundle(bundle: string, env: Record<string, string>, event: unknown): Promise<unknown> {
  const script = [
    `const { handler } = await import(${JSON.stringify(bundle)});`,
    `const out = await handler(JSON.parse(process.env.EVENT), ${JSON.stringify(context)}).then(`,
    '  (result) => ({ result }),',
    '  ({ name, code, message }) => ({ error: { name, code, message } }),',
    ');',
    'console.log(JSON.stringify(out));',
  ].join('\n');
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: {
      PATH: process.env.PATH!,
      ...env,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      EVENT: JSON.stringify(event),
    },
  });
  // The last line is the handler's result (Powertools writes its EMF metrics before it).
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

/** The data of the one artifact a platform's ledger holds, once the sequencer appended the queued request. */
async function storedData(p: Awaited<ReturnType<typeof platform>>): Promise<unknown> {
  await p.sequence();
  const head = await p.ledger.head();
  expect(head.treeSize).toBe(1);
  const entry = (await p.ledger.entryAt(0))!;
  const { envelope } = await p.store.get(entry.key, entry.sha256);
  return { data: envelope.data, errors: envelope.errors, identity: envelope.provenance.identity };
}

describe('bundled collector functions (moto)', () => {
  it.each([
    ['aws-ec2-security-groups', REGION],
    ['aws-s3-buckets', 'global'],
  ])('%s: the bundle stores the same evidence as the source handler', async (id, region) => {
    const viaSource = await platform(`src-${id}`);
    const viaBundle = await platform(`bundle-${id}`);
    // Seeded after both platforms exist, so both runs see the same account.
    const ec2 = new EC2Client(awsTestConfig(REGION));
    const vpcId = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
    const { GroupId } = await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: `ssh-${id}`, Description: 'ssh', VpcId: vpcId }),
    );
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    const s3 = new S3Client(awsTestConfig());
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: viaSource.env.EVIDENCE_BUCKET,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: viaBundle.env.EVIDENCE_BUCKET,
        ServerSideEncryptionConfiguration: {
          Rules: [
            { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/x' } },
          ],
        },
      }),
    );
    const event = batch(record(unit(id, region)));

    const source = createCollectorHandler(getCollector(id)!, awsSource, {
      ...viaSource.env,
      COLLECTOR_ID: id,
    });
    expect(await source(event, context)).toEqual({ batchItemFailures: [] });
    const bundle = await bundleFunction(
      join(REPO_ROOT, `functions/collector/entries/${id}.ts`),
      join(dir, id),
    );
    expect(await invokeBundle(bundle, { ...viaBundle.env, COLLECTOR_ID: id }, event)).toEqual({
      result: { batchItemFailures: [] },
    });

    const [a, b] = [await storedData(viaSource), await storedData(viaBundle)];
    expect(b).toEqual(a);
    // The evidence is real: the seeded facts came through the bundle's (rewritten) response schemas.
    const text = JSON.stringify(b);
    if (id === 'aws-ec2-security-groups') expect(text).toContain(GroupId!);
    else expect(text).toContain('aws:kms');
  });

  it('a misconfigured bundle fails with a named ConfigError, as the source does (names survive minification)', async () => {
    const p = await platform('bundle-misconfigured');
    const id = 'aws-iam-password-policy';
    const bundle = await bundleFunction(
      join(REPO_ROOT, `functions/collector/entries/${id}.ts`),
      join(dir, id),
    );
    expect(await invokeBundle(bundle, { ...p.env, COLLECTOR_ID: 'aws-kms-keys' }, batch())).toEqual({
      error: {
        name: 'ConfigError',
        code: 'CONFIG_ERROR',
        message: expect.stringContaining("COLLECTOR_ID: aws-kms-keys is not this function's collector"),
      },
    });
  });

  it('reaches a member account through the member role (STS AssumeRole with ExternalId), as the source does', async () => {
    const id = 'aws-iam-password-policy';
    const member = '111111111111';
    const withMember = (env: Record<string, string>) => {
      const config = JSON.parse(env.FLUX_CONFIG!) as { aws: Record<string, unknown> };
      config.aws = {
        ...config.aws,
        accounts: { mode: 'list', ids: [member] },
        memberRoleName: 'FluxEvidenceReadOnly',
        externalId: 'flux-test',
      };
      return { ...env, COLLECTOR_ID: id, FLUX_CONFIG: JSON.stringify(config) };
    };
    const viaSource = await platform('src-member');
    const viaBundle = await platform('bundle-member');
    const event = batch(record({ ...unit(id, 'global'), scope: { account: member, region: 'global' } }));

    const source = createCollectorHandler(getCollector(id)!, awsSource, withMember(viaSource.env));
    expect(await source(event, context)).toEqual({ batchItemFailures: [] });
    const bundle = await bundleFunction(
      join(REPO_ROOT, `functions/collector/entries/${id}.ts`),
      join(dir, id),
    );
    expect(await invokeBundle(bundle, withMember(viaBundle.env), event)).toEqual({
      result: { batchItemFailures: [] },
    });

    const [a, b] = [await storedData(viaSource), await storedData(viaBundle)];
    expect(b).toEqual(a);
    expect(b).toMatchObject({
      identity: `arn:aws:sts::${member}:assumed-role/FluxEvidenceReadOnly/flux-${id}`,
    });
  });
});
