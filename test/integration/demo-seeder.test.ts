import { beforeAll, describe, expect, it } from '@jest/globals';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
} from '@aws-sdk/client-config-service';
import {
  DescribeSecurityGroupsCommand,
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
} from '@aws-sdk/client-ec2';
import { GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import {
  GetAccountPasswordPolicyCommand,
  GetGroupCommand,
  GetLoginProfileCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListMFADevicesCommand,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import { GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  paginateListBuckets,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand as GetAccountPabCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { awsTestConfig, motoEndpoint, resetEmulator } from '../harness/aws.js';
import { seedDemoCompany, type DemoCompanyFacts } from '../../shared/demo/company/index.js';

const MGMT = '111111111111';
const PROD = '222222222222';
const STAGING = '333333333333';
const NOW = new Date('2026-03-01T09:00:00Z');

interface Sendable {
  middlewareStack: { add(mw: unknown, opts: Record<string, unknown>): void };
}
type Ctor<C> = new (config: Record<string, unknown>) => C;

/** A plain SDK client for one moto account (written here, independent of the seeder's own helper). */
function sdk<C extends Sendable>(
  ctor: Ctor<C>,
  account?: string,
  region = 'us-east-1',
  extra: Record<string, unknown> = {},
): C {
  const client = new ctor({ ...awsTestConfig(region), ...extra });
  if (account) {
    client.middlewareStack.add(
      (next: (a: { request: { headers: Record<string, string> } }) => unknown) =>
        (a: { request: { headers: Record<string, string> } }) => {
          a.request.headers['x-moto-account-id'] = account;
          return next(a);
        },
      { step: 'build' },
    );
  }
  return client;
}

async function userNames(account?: string): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListUsers({ client: sdk(IAMClient, account) }, {})) {
    names.push(...(page.Users ?? []).map((u) => u.UserName ?? ''));
  }
  return names;
}

async function bucketNames(account?: string): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListBuckets({ client: sdk(S3Client, account) }, {})) {
    names.push(...(page.Buckets ?? []).map((b) => b.Name ?? ''));
  }
  return names;
}

describe('seedDemoCompany', () => {
  let facts: DemoCompanyFacts;
  beforeAll(async () => {
    facts = await seedDemoCompany({ endpoint: motoEndpoint() }, { now: NOW });
  });

  it('describes the company, its accounts and the demo clock', () => {
    expect(facts.accounts.management.id).toBe(MGMT);
    expect(facts.accountSelection).toEqual({
      header: 'x-moto-account-id',
      motoDefaultAccountId: '123456789012',
      managementIsMotoDefault: false,
    });
    expect(facts.clock).toEqual({
      seededAt: '2026-03-01T09:00:00.000Z',
      demoNow: '2026-06-29T09:00:00.000Z',
      staleKeyDays: 90,
    });
    expect(facts.iam.users).toHaveLength(8);
    expect(facts.iam.usersWithoutMfa.sort()).toEqual(['carol.sales', 'dave.ops', 'erin.leaver']);
    expect(facts.iam.consoleUsersWithoutMfa.sort()).toEqual(['carol.sales', 'erin.leaver']);
    expect(facts.iam.staleKeyUsers).toEqual(['dave.ops']);
    expect(facts.iam.adminUsers.sort()).toEqual(['alice.admin', 'frank.oncall']);
    expect(facts.iam.leaver).toEqual({ userName: 'erin.leaver', email: 'erin@acme.example' });
  });

  it('plants the people in the management account only, never in moto default account', async () => {
    const mgmtUsers = await userNames(MGMT);
    expect(mgmtUsers.sort()).toEqual(facts.iam.users.map((u) => u.userName).sort());
    expect(await userNames()).toEqual([]);
    expect(await userNames(PROD)).toEqual([]);
    expect(await bucketNames()).toEqual([]);
  });

  it('gives each user the MFA, console, key and admin posture the facts state', async () => {
    const iam = sdk(IAMClient, MGMT);
    for (const user of facts.iam.users) {
      const mfa = await iam.send(new ListMFADevicesCommand({ UserName: user.userName }));
      expect({ user: user.userName, mfa: (mfa.MFADevices ?? []).length > 0 }).toEqual({
        user: user.userName,
        mfa: user.mfa,
      });
      const keys = await iam.send(new ListAccessKeysCommand({ UserName: user.userName }));
      expect((keys.AccessKeyMetadata ?? []).map((k) => k.AccessKeyId)).toEqual(user.accessKeyIds);
    }
    await expect(iam.send(new GetLoginProfileCommand({ UserName: 'carol.sales' }))).resolves.toBeDefined();
    await expect(iam.send(new GetLoginProfileCommand({ UserName: 'dave.ops' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
    });
    const alice = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice.admin' }));
    expect(alice.AttachedPolicies?.map((p) => p.PolicyName)).toContain('AdministratorAccess');
    const group = await iam.send(new GetGroupCommand({ GroupName: facts.iam.breakGlass.group }));
    expect(group.Users?.map((u) => u.UserName)).toEqual(facts.iam.breakGlass.members);
    const role = await iam.send(
      new GetRolePolicyCommand({
        RoleName: facts.iam.serviceRole.roleName,
        PolicyName: facts.iam.serviceRole.inlinePolicy,
      }),
    );
    expect(decodeURIComponent(role.PolicyDocument ?? '')).toMatch(/"Action":\s*"\*"/);
  });

  it('sets a weak password policy in management, a strong one in prod and none in staging', async () => {
    const weak = await sdk(IAMClient, MGMT).send(new GetAccountPasswordPolicyCommand({}));
    expect(weak.PasswordPolicy?.MinimumPasswordLength).toBe(8);
    const strong = await sdk(IAMClient, PROD).send(new GetAccountPasswordPolicyCommand({}));
    expect(strong.PasswordPolicy?.MinimumPasswordLength).toBe(14);
    await expect(sdk(IAMClient, STAGING).send(new GetAccountPasswordPolicyCommand({}))).rejects.toMatchObject(
      { name: 'NoSuchEntityException' },
    );
  });

  it('creates buckets with their posture in the account that owns them', async () => {
    expect((await bucketNames(MGMT)).sort()).toEqual(
      facts.s3.buckets
        .filter((b) => b.account === MGMT)
        .map((b) => b.name)
        .sort(),
    );
    expect(await bucketNames(STAGING)).toEqual(['acme-staging-uploads']);
    const [publicBucket] = facts.s3.byPosture.public;
    const policy = await sdk(S3Client, MGMT).send(new GetBucketPolicyCommand({ Bucket: publicBucket }));
    expect(JSON.parse(policy.Policy ?? '{}').Statement[0]).toMatchObject({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
    });
    const s3 = sdk(S3Client, MGMT);
    const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket: 'acme-analytics-customer-data' }));
    expect(
      enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
    ).toBe('aws:kms');
    await expect(
      s3.send(new GetPublicAccessBlockCommand({ Bucket: 'acme-analytics-customer-data' })),
    ).resolves.toBeDefined();
    await expect(
      s3.send(new GetBucketEncryptionCommand({ Bucket: 'acme-analytics-scratch' })),
    ).rejects.toMatchObject({
      name: 'ServerSideEncryptionConfigurationNotFoundError',
    });
    const lock = await s3.send(
      new GetObjectLockConfigurationCommand({ Bucket: 'acme-analytics-audit-evidence' }),
    );
    expect(lock.ObjectLockConfiguration?.Rule?.DefaultRetention?.Mode).toBe('COMPLIANCE');
    const versioning = await s3.send(
      new GetBucketVersioningCommand({ Bucket: 'acme-analytics-audit-evidence' }),
    );
    expect(versioning.Status).toBe('Enabled');
  });

  it('blocks public access at account level in prod only', async () => {
    const pab = (account: string) =>
      sdk(S3ControlClient, account, 'us-east-1', {
        endpointProvider: () => ({ url: new URL(motoEndpoint()) }),
      }).send(new GetAccountPabCommand({ AccountId: account }));
    expect((await pab(PROD)).PublicAccessBlockConfiguration?.BlockPublicPolicy).toBe(true);
    await expect(pab(MGMT)).rejects.toMatchObject({ name: 'NoSuchPublicAccessBlockConfiguration' });
    expect(facts.s3.accountPublicAccessBlock).toEqual({ [MGMT]: false, [PROD]: true, [STAGING]: false });
  });

  it('has a weak single-region trail in management and a validated multi-region KMS trail in prod', async () => {
    const mgmt = await sdk(CloudTrailClient, MGMT).send(new DescribeTrailsCommand({}));
    expect(mgmt.trailList).toEqual([
      expect.objectContaining({
        Name: 'acme-management-trail',
        IsMultiRegionTrail: false,
        LogFileValidationEnabled: false,
      }),
    ]);
    const mgmtStatus = await sdk(CloudTrailClient, MGMT).send(
      new GetTrailStatusCommand({ Name: 'acme-management-trail' }),
    );
    expect(mgmtStatus.IsLogging).toBe(false);
    const prodCt = sdk(CloudTrailClient, PROD);
    const prod = await prodCt.send(new DescribeTrailsCommand({}));
    expect(prod.trailList?.[0]).toMatchObject({
      Name: 'acme-prod-trail',
      IsMultiRegionTrail: true,
      LogFileValidationEnabled: true,
    });
    expect(prod.trailList?.[0]?.KmsKeyId).toBeTruthy();
    expect((await prodCt.send(new GetTrailStatusCommand({ Name: 'acme-prod-trail' }))).IsLogging).toBe(true);
    expect((await sdk(CloudTrailClient, STAGING).send(new DescribeTrailsCommand({}))).trailList).toEqual([]);
    expect(facts.cloudTrail.accountsWithoutTrail).toEqual([STAGING]);
  });

  it('records with AWS Config and rotates only one management key', async () => {
    const cfg = sdk(ConfigServiceClient, MGMT);
    const status = await cfg.send(new DescribeConfigurationRecorderStatusCommand({}));
    expect(status.ConfigurationRecordersStatus?.[0]).toMatchObject({ name: 'default', recording: true });
    const channels = await cfg.send(new DescribeDeliveryChannelsCommand({}));
    expect(channels.DeliveryChannels?.[0]?.s3BucketName).toBe(facts.config.bucket);
    const kms = sdk(KMSClient, MGMT);
    for (const key of facts.kms.keys.filter((k) => k.account === MGMT)) {
      const rotation = await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.keyId }));
      expect({ alias: key.alias, rotation: rotation.KeyRotationEnabled }).toEqual({
        alias: key.alias,
        rotation: key.rotation,
      });
    }
  });

  it('opens SSH to 0.0.0.0/0 and RDP to ::/0, and encrypts EBS by default in us-east-1 only', async () => {
    const byPosture = Object.fromEntries(facts.ec2.securityGroups.map((g) => [g.posture, g.groupId]));
    const ec2 = sdk(EC2Client, MGMT);
    const res = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: Object.values(byPosture) }));
    const rules = (id: string) => res.SecurityGroups?.find((g) => g.GroupId === id)?.IpPermissions ?? [];
    expect(rules(byPosture['ssh-world']!)).toEqual([
      expect.objectContaining({ FromPort: 22, IpRanges: [expect.objectContaining({ CidrIp: '0.0.0.0/0' })] }),
    ]);
    expect(rules(byPosture['rdp-world-v6']!)).toEqual([
      expect.objectContaining({
        FromPort: 3389,
        Ipv6Ranges: [expect.objectContaining({ CidrIpv6: '::/0' })],
      }),
    ]);
    expect(rules(byPosture.restricted!).flatMap((r) => r.IpRanges?.map((x) => x.CidrIp))).toEqual([
      '10.0.0.0/8',
      '10.0.0.0/8',
    ]);
    expect((await ec2.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(true);
    const eu = await sdk(EC2Client, MGMT, 'eu-west-1').send(new GetEbsEncryptionByDefaultCommand({}));
    expect(eu.EbsEncryptionByDefault).toBe(false);
  });

  it('runs an unencrypted public database next to an encrypted private one', async () => {
    const dbs = await sdk(RDSClient, MGMT).send(new DescribeDBInstancesCommand({}));
    const bad = dbs.DBInstances?.find((d) => d.DBInstanceIdentifier === 'acme-reporting-db');
    expect(bad).toMatchObject({
      StorageEncrypted: false,
      PubliclyAccessible: true,
      BackupRetentionPeriod: 0,
    });
    const good = dbs.DBInstances?.find((d) => d.DBInstanceIdentifier === 'acme-customers-db');
    expect(good).toMatchObject({
      StorageEncrypted: true,
      PubliclyAccessible: false,
      MultiAZ: true,
      DeletionProtection: true,
    });
    expect((await sdk(RDSClient, PROD).send(new DescribeDBInstancesCommand({}))).DBInstances).toEqual([]);
  });

  it('enables GuardDuty in one management region and Security Hub in prod only', async () => {
    const us = await sdk(GuardDutyClient, MGMT).send(new ListDetectorsCommand({}));
    expect(us.DetectorIds).toEqual([facts.guardDuty.detectors[0]?.detectorId]);
    expect(
      (await sdk(GuardDutyClient, MGMT, 'eu-west-1').send(new ListDetectorsCommand({}))).DetectorIds,
    ).toEqual([]);
    const hub = await sdk(SecurityHubClient, PROD).send(new DescribeHubCommand({}));
    expect(hub.HubArn).toContain(PROD);
    await expect(sdk(SecurityHubClient, MGMT).send(new DescribeHubCommand({}))).rejects.toBeDefined();
  });

  it('creates the organization with the member accounts by name', async () => {
    const org = sdk(OrganizationsClient, MGMT);
    const described = await org.send(new DescribeOrganizationCommand({}));
    expect(described.Organization?.MasterAccountId).toBe(MGMT);
    const accounts = await org.send(new ListAccountsCommand({}));
    expect(accounts.Accounts?.map((a) => a.Name)).toEqual(
      expect.arrayContaining(['Acme Prod', 'Acme Staging']),
    );
    expect(accounts.Accounts?.map((a) => a.Id).sort()).toEqual(
      facts.organization.listedAccounts.map((a) => a.id).sort(),
    );
    expect(facts.organization.listedAccounts.map((a) => a.role).sort()).toEqual([
      'management',
      'prod',
      'staging',
    ]);
  });
});

describe('seedDemoCompany with scale', () => {
  it('adds N benchmark users and buckets when seeded again into a reset emulator', async () => {
    await resetEmulator();
    const facts = await seedDemoCompany({ endpoint: motoEndpoint() }, { scale: 50 });
    expect(facts.scale.users).toHaveLength(50);
    expect(facts.scale.users[0]).toBe('user-0001');
    const users = await userNames(MGMT);
    expect(users).toHaveLength(8 + 50);
    expect(users.filter((u) => /^user-\d{4}$/.test(u)).sort()).toEqual(facts.scale.users);
    const buckets = await bucketNames(MGMT);
    expect(buckets.filter((b) => b.startsWith('bench-bucket-')).sort()).toEqual(facts.scale.buckets);
    expect(facts.scale.buckets).toHaveLength(50);
  }, 240_000); // 50 extra users and buckets: slow when the machine is busy
});
