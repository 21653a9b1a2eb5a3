import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { awsTestConfig } from '../harness/aws.js';
import { startFaultProxy } from '../harness/fault-proxy.js';
import { memberRoleActions, renderMemberRoleTemplate } from '../../infra/member-role.js';
import { parseConfig } from '../../shared/config/load.js';
import { MEMBER_PLANNER_ACTIONS, planUnits } from '../../shared/kernel/plan.js';
import { collectors } from '../../shared/collectors/registry.js';
import { collectEnvelope } from '../../shared/kernel/runner.js';

const MEMBER = '222222222222';
const EXTERNAL_ID = 'flux-test-external-id';
const awsCollectors = collectors.filter((c) => c.meta.source === 'aws');

/** SDK client name (without `Client`) → IAM service prefix, where they differ from the lower-cased name. */
const PREFIX: Record<string, string> = { ConfigService: 'config', S3Control: 's3' };
/** SDK operations whose IAM action is named differently (S3 User Guide, "Actions, resources and condition keys"). */
const RENAMED: Record<string, string> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
  'S3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  'S3Control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
};
/** The IAM action an SDK call needs. sts:GetCallerIdentity needs none (it always works). */
function iamAction(service: string, operation: string): string | undefined {
  const exact = RENAMED[`${service}:${operation}`];
  if (exact) return exact;
  const action = `${PREFIX[service] ?? service.toLowerCase()}:${operation}`;
  if (action === 'sts:GetCallerIdentity') return undefined;
  return RENAMED[action] ?? action;
}

/** The access key id and IAM action of a signed query-protocol request seen on the wire (EC2: `Action=`). */
function wireCall(headers: Record<string, unknown>, body: string) {
  const auth = String(headers.authorization ?? '');
  const m = /Credential=([^/]+)\/\d{8}\/[^/]+\/([^/]+)\//.exec(auth);
  const action = new URLSearchParams(body).get('Action');
  return m && action ? { accessKey: m[1]!, action: `${m[2]}:${action}` } : undefined;
}

let member: { accessKeyId: string; secretAccessKey: string; sessionToken: string };

beforeAll(async () => {
  // The member account, reached as the member role (moto: resources of an assumed role live in its account).
  const c = (
    await new STSClient(awsTestConfig()).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${MEMBER}:role/FluxEvidenceReadOnly`,
        RoleSessionName: 'seed',
        ExternalId: EXTERNAL_ID,
      }),
    )
  ).Credentials!;
  member = {
    accessKeyId: c.AccessKeyId!,
    secretAccessKey: c.SecretAccessKey!,
    sessionToken: c.SessionToken!,
  };
  // Resources, so the collectors make their per-resource calls too.
  const cfg = { ...awsTestConfig(), credentials: member };
  await new S3Client(cfg).send(new CreateBucketCommand({ Bucket: 'member-logs' }));
  await new KMSClient(cfg).send(new CreateKeyCommand({ Description: 'member key' }));
  await new GuardDutyClient(cfg).send(new CreateDetectorCommand({ Enable: true }));
});

describe('member-account role', () => {
  it('grants exactly the planner calls and the AWS collectors meta.permissions, read-only', () => {
    const expected = new Set([
      ...MEMBER_PLANNER_ACTIONS,
      ...awsCollectors.flatMap((c) => c.meta.permissions),
    ]);
    expect(memberRoleActions()).toEqual([...expected].sort());
    for (const a of memberRoleActions())
      expect(a).toMatch(/^[a-z0-9-]+:(Get|List|Describe|Generate)[A-Za-z]+$/);
    // GenerateCredentialReport is the one non-Get/List/Describe action: it only (re)builds the credential report.
    expect(memberRoleActions().filter((a) => a.includes(':Generate'))).toEqual([
      'iam:GenerateCredentialReport',
    ]);
  });

  it('is the committed template, trusting the platform roles only with the ExternalId', () => {
    const yaml = readFileSync('infra/member-account-role.yaml', 'utf8');
    expect(yaml).toBe(renderMemberRoleTemplate());
    for (const a of memberRoleActions()) expect(yaml).toContain(`                  - ${a}\n`);
    expect(yaml).toMatch(
      /Action: sts:AssumeRole\n\s+Condition:\n\s+StringEquals:\n\s+sts:ExternalId: !Ref ExternalId/,
    );
    expect(yaml).toContain(
      "aws:PrincipalArn: !Sub 'arn:${AWS::Partition}:iam::${PlatformAccountId}:role/FluxEvidence-Stateless-*'",
    );
  });

  it('covers the planner: with regions all-enabled it calls ec2:DescribeRegions in the member account, as the member role', async () => {
    const seen: { accessKey: string; action: string }[] = [];
    const proxy = await startFaultProxy(awsTestConfig().endpoint, (req) => {
      const call = wireCall(req.headers, req.body);
      if (call) seen.push(call);
      return undefined;
    });
    try {
      const aws = parseConfig({
        aws: { accounts: { mode: 'list', ids: [MEMBER] }, regions: 'all-enabled', externalId: EXTERNAL_ID },
      }).aws;
      const { credentials } = awsTestConfig();
      const units = await planUnits(
        awsCollectors.filter((c) => c.meta.scope === 'regional'),
        aws,
        { endpoint: proxy.endpoint, credentials, maxAttempts: 1 },
        'us-east-1',
      );
      expect(units.length).toBeGreaterThan(0);
      expect(units.every((u) => u.scope.account === MEMBER)).toBe(true);
      // Everything signed with keys other than the platform's ("testing") was signed by the member role.
      const inMember = [...new Set(seen.filter((s) => s.accessKey !== 'testing').map((s) => s.action))];
      expect(inMember).toEqual(['ec2:DescribeRegions']);
      for (const a of inMember) expect(memberRoleActions()).toContain(a);
    } finally {
      await proxy.close();
    }
  });

  it.each(awsCollectors.map((c) => [c.meta.id, c] as const))(
    'covers every call %s makes in a member account with its meta.permissions',
    async (_id, collector) => {
      const { endpoint } = awsTestConfig();
      const scope = {
        account: MEMBER,
        region: collector.meta.scope === 'regional' ? 'us-east-1' : 'global',
      };
      const { envelope } = await collectEnvelope(collector, scope, {
        connection: { endpoint, credentials: member, maxAttempts: 1, forcePathStyle: true },
        now: () => new Date('2026-02-01T00:00:00Z'),
        ...(collector.meta.id === 'aws-identity-center-users'
          ? { extras: { identityCenter: { identityStoreId: 'd-1234567890', region: 'us-east-1' } } }
          : {}),
      });
      const calls = envelope.provenance.operations
        .map((o) => iamAction(o.service, o.operation))
        .filter((a): a is string => a !== undefined);
      expect(calls.length).toBeGreaterThan(0);
      expect([...new Set(calls)].filter((a) => !collector.meta.permissions.includes(a))).toEqual([]);
      for (const a of calls) expect(memberRoleActions()).toContain(a);
    },
  );
});
