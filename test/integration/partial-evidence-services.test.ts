import { describe, expect, it } from '@jest/globals';
import { BackupClient, CreateBackupPlanCommand, CreateBackupVaultCommand } from '@aws-sdk/client-backup';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import { CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  BatchImportFindingsCommand,
  EnableSecurityHubCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
} from '@aws-sdk/client-securityhub';
import { collector as backupPlans } from '../../shared/collectors/aws-backup-plans/collector.js';
import type { BackupPlansData } from '../../shared/collectors/aws-backup-plans/schema.js';
import { collector as securityGroups } from '../../shared/collectors/aws-ec2-security-groups/collector.js';
import type { SecurityGroupsData } from '../../shared/collectors/aws-ec2-security-groups/schema.js';
import { collector as guardDuty } from '../../shared/collectors/aws-guardduty-detectors/collector.js';
import { collector as rdsInstances } from '../../shared/collectors/aws-rds-instances/collector.js';
import type { RdsInstancesData } from '../../shared/collectors/aws-rds-instances/schema.js';
import { collector as shFindings } from '../../shared/collectors/aws-securityhub-findings/collector.js';
import type { SecurityHubFindingsData } from '../../shared/collectors/aws-securityhub-findings/schema.js';
import { collector as shStatus } from '../../shared/collectors/aws-securityhub-status/collector.js';
import type { SecurityHubStatusData } from '../../shared/collectors/aws-securityhub-status/schema.js';
import { awsTestConfig } from '../harness/aws.js';
import { awsJsonError, awsXmlError, type ProxiedRequest } from '../harness/fault-proxy.js';
import {
  ACCOUNT,
  ec2Error,
  faultProxies,
  judgeEnvelope,
  judgeOne,
  queryAction,
} from '../harness/partial-evidence.js';

/** Fault injection, one call failing per collector: AWS Backup, EC2, GuardDuty, RDS and Security Hub. */
const proxy = faultProxies();
const restJson = { 'content-type': 'application/json' };
const restDenied = {
  status: 403,
  body: awsJsonError('AccessDeniedException'),
  headers: { ...restJson, 'x-amzn-errortype': 'AccessDeniedException' },
};
const queryDenied = {
  status: 403,
  body: awsXmlError('AccessDenied'),
  headers: { 'content-type': 'text/xml' },
};
const path = (req: ProxiedRequest) => req.url.split('?')[0]!.replace(/\/$/, '');

describe('partial evidence: AWS Backup, EC2, GuardDuty, RDS, Security Hub', () => {
  it('aws-backup-plans: one plan that cannot be read leaves the other plan judged', async () => {
    const region = 'eu-west-1';
    const backup = new BackupClient(awsTestConfig(region));
    await backup.send(new CreateBackupVaultCommand({ BackupVaultName: 'pe-vault' }));
    const plan = async (BackupPlanName: string, DeleteAfterDays?: number) =>
      (
        await backup.send(
          new CreateBackupPlanCommand({
            BackupPlan: {
              BackupPlanName,
              Rules: [
                {
                  RuleName: `${BackupPlanName}-rule`,
                  TargetBackupVaultName: 'pe-vault',
                  ...(DeleteAfterDays ? { Lifecycle: { DeleteAfterDays } } : {}),
                },
              ],
            },
          }),
        )
      ).BackupPlanId!;
    const sound = await plan('pe-35-days', 35);
    const forever = await plan('pe-forever');
    // moto 5.2.1 lacks ListBackupSelections: the proxy answers it in the real REST-JSON shape (one selection).
    const selections = (req: ProxiedRequest) => {
      const id = /^\/backup\/plans\/([^/]+)\/selections$/.exec(path(req))?.[1];
      if (!id || req.method !== 'GET') return undefined;
      const list = [{ SelectionId: `sel-${id.slice(0, 8)}`, SelectionName: 'prod', BackupPlanId: id }];
      return { status: 200, body: JSON.stringify({ BackupSelectionsList: list }), headers: restJson };
    };
    const deniedPlan = (id: string) => (req: ProxiedRequest) =>
      path(req) === `/backup/plans/${id}` ? restDenied : selections(req);

    const failing = await judgeOne(
      backupPlans,
      'backup-plan-retention-configured',
      region,
      await proxy(deniedPlan(sound), region),
    );
    expect(failing.envelope.errors).toEqual([
      expect.objectContaining({ code: 'AccessDenied', resource: sound, operation: 'GetBackupPlan' }),
    ]);
    const plans = (failing.envelope.data as BackupPlansData).plans;
    expect(plans.find((p) => p.id === forever)?.rules).toHaveLength(1);
    expect(failing.result.status).toBe('FAIL');
    expect(failing.result.failing).toEqual([
      expect.objectContaining({
        resource: expect.stringContaining(forever),
        reason: expect.stringMatching(/forever/),
      }),
    ]);

    const unsure = await judgeOne(
      backupPlans,
      'backup-plan-retention-configured',
      region,
      await proxy(deniedPlan(forever), region),
    );
    expect(unsure.result.status).toBe('UNKNOWN');
    expect(unsure.result.reason).toContain(`could not see ${forever} (GetBackupPlan: access was denied)`);

    // The vault listing is not what the rule judges: its failure leaves the verdict whole.
    const vaults = await judgeOne(
      backupPlans,
      'backup-plan-retention-configured',
      region,
      await proxy((req) => (path(req) === '/backup-vaults' ? restDenied : selections(req)), region),
    );
    expect(vaults.envelope.errors).toEqual([expect.objectContaining({ operation: 'ListBackupVaults' })]);
    expect(vaults.result.status).toBe('FAIL');
    expect(vaults.result.reason).not.toContain('could not see');
  });

  it('aws-ec2-security-groups: a failed interface listing still judges every group', async () => {
    const region = 'ap-south-1';
    const ec2 = new EC2Client(awsTestConfig(region));
    const group = async (GroupName: string) =>
      (await ec2.send(new CreateSecurityGroupCommand({ GroupName, Description: GroupName }))).GroupId!;
    const open = await group('pe-ssh-open');
    await group('pe-closed');
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: open,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    const connection = await proxy(
      (req) =>
        queryAction(req) === 'DescribeNetworkInterfaces'
          ? { status: 403, body: ec2Error('UnauthorizedOperation') }
          : undefined,
      region,
    );
    const { envelope, result } = await judgeOne(
      securityGroups,
      'ec2-security-group-admin-ports-closed',
      region,
      connection,
    );
    expect(envelope.errors).toEqual([
      expect.objectContaining({ resource: 'network-interfaces', operation: 'DescribeNetworkInterfaces' }),
    ]);
    const groups = (envelope.data as SecurityGroupsData).groups;
    expect(groups.map((g) => g.groupName)).toEqual(expect.arrayContaining(['pe-ssh-open', 'pe-closed']));
    expect(groups.every((g) => g.attached === null)).toBe(true);
    // Attachment is informational: the rule judges every group's ingress as if nothing failed.
    expect(result.status).toBe('FAIL');
    expect(result.failing.map((f) => f.resource)).toEqual([expect.stringContaining(open)]);
    expect(result.reason).not.toContain('could not see');
  });

  it('aws-guardduty-detectors: an unreadable detector is named, never taken as disabled', async () => {
    const region = 'sa-east-1';
    const gd = new GuardDutyClient(awsTestConfig(region));
    const enabled = (await gd.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
    const disabled = (await gd.send(new CreateDetectorCommand({ Enable: false }))).DetectorId!;
    const denied = (id: string) => (req: ProxiedRequest) =>
      path(req) === `/detector/${id}` && req.method === 'GET' ? restDenied : undefined;

    const seen = await judgeOne(
      guardDuty,
      'guardduty-detector-enabled',
      region,
      await proxy(denied(disabled), region),
    );
    expect(seen.envelope.errors).toEqual([
      expect.objectContaining({ code: 'AccessDenied', resource: disabled, operation: 'GetDetector' }),
    ]);
    // One enabled detector is enough, whatever the unread one says.
    expect(seen.result.status).toBe('PASS');
    expect(seen.result.reason).toContain(
      `GuardDuty detector ${enabled} is enabled; also could not see ${disabled} (GetDetector: access was denied)`,
    );

    const unsure = await judgeOne(
      guardDuty,
      'guardduty-detector-enabled',
      region,
      await proxy(denied(enabled), region),
    );
    expect(unsure.result.status).toBe('UNKNOWN');
    expect(unsure.result.reason).toContain(
      '1 GuardDuty detectors read are disabled, and 1 could not be read',
    );
    expect(unsure.result.reason).toContain(`could not see ${enabled} (GetDetector: access was denied)`);
  });

  it('aws-rds-instances: a failed cluster listing still judges every instance', async () => {
    const region = 'us-west-2';
    const rds = new RDSClient(awsTestConfig(region));
    // moto omits PubliclyAccessible unless CreateDBInstance sets it (AWS always returns it).
    const db = (DBInstanceIdentifier: string, StorageEncrypted: boolean) =>
      rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier,
          DBInstanceClass: 'db.t3.micro',
          Engine: 'postgres',
          MasterUsername: 'admin',
          MasterUserPassword: 'password123',
          AllocatedStorage: 20,
          PubliclyAccessible: false,
          StorageEncrypted,
        }),
      );
    await db('pe-sealed', true);
    await db('pe-plain', false);
    const connection = await proxy(
      (req) => (queryAction(req) === 'DescribeDBClusters' ? queryDenied : undefined),
      region,
    );
    const { envelope } = await judgeOne(rdsInstances, 'rds-instance-storage-encrypted', region, connection);
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'AccessDenied',
        resource: 'db-clusters',
        operation: 'DescribeDBClusters',
      }),
    ]);
    const data = envelope.data as RdsInstancesData;
    expect(data.clusters).toBeNull();
    expect(data.instances.map((i) => i.id).sort()).toEqual(['pe-plain', 'pe-sealed']);
    const failing = judgeEnvelope(envelope, 'rds-instance-storage-encrypted');
    expect(failing.status).toBe('FAIL');
    expect(failing.failing.map((f) => f.resource)).toEqual([expect.stringMatching(/:db:pe-plain$/)]);
    // Every instance is private, but a cluster (which can be public) was not seen.
    const unsure = judgeEnvelope(envelope, 'rds-instance-public-access-disabled');
    expect(unsure.status).toBe('UNKNOWN');
    expect(unsure.reason).toContain('could not see db-clusters (DescribeDBClusters: access was denied)');
  });

  it('aws-securityhub-findings: a failed findings page keeps the findings already read', async () => {
    const finding = (
      id: string,
      region: string,
      control: string,
      status: 'PASSED' | 'FAILED',
    ): AwsSecurityFinding => ({
      SchemaVersion: '2018-10-08',
      Id: id,
      ProductArn: `arn:aws:securityhub:${region}::product/aws/securityhub`,
      GeneratorId: `security-control/${control}`,
      AwsAccountId: ACCOUNT,
      Region: region,
      Types: ['Software and Configuration Checks'],
      CreatedAt: '2026-02-01T00:00:00Z',
      UpdatedAt: '2026-02-02T00:00:00Z',
      Severity: { Label: 'HIGH' },
      Title: `${control} check`,
      Description: 'seeded',
      Resources: [{ Type: 'AwsS3Bucket', Id: `arn:aws:s3:::${id}` }],
      Compliance: { Status: status, SecurityControlId: control },
      RecordState: 'ACTIVE',
    });
    const seed = async (region: string, findings: AwsSecurityFinding[]) => {
      const sh = new SecurityHubClient(awsTestConfig(region));
      await sh.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
      await sh.send(new BatchImportFindingsCommand({ Findings: findings }));
    };
    await seed('eu-west-1', [
      finding('pe-fail', 'eu-west-1', 'S3.8', 'FAILED'),
      finding('pe-pass', 'eu-west-1', 'S3.5', 'PASSED'),
    ]);
    await seed('eu-west-2', [
      finding('pe-ok', 'eu-west-2', 'S3.8', 'PASSED'),
      finding('pe-unseen', 'eu-west-2', 'S3.5', 'FAILED'),
    ]);
    // One finding per page; the second page (the request carrying a NextToken) is denied.
    const secondPage = (req: ProxiedRequest) =>
      path(req) === '/findings' && req.body.includes('NextToken') ? restDenied : undefined;

    const failing = await judgeOne(
      shFindings,
      'securityhub-control-findings-passed',
      'eu-west-1',
      await proxy(secondPage, 'eu-west-1'),
      { pageSize: 1 },
    );
    expect(failing.envelope.errors).toEqual([
      expect.objectContaining({ code: 'AccessDenied', resource: 'findings', operation: 'GetFindings' }),
    ]);
    expect((failing.envelope.data as SecurityHubFindingsData).findings.map((f) => f.id)).toEqual(['pe-fail']);
    expect(failing.result.status).toBe('FAIL');
    expect(failing.result.failing.map((f) => f.resource)).toEqual([
      expect.stringContaining('arn:aws:s3:::pe-fail'),
    ]);
    expect(failing.result.reason).toContain('also could not see findings (GetFindings: access was denied)');

    const unsure = await judgeOne(
      shFindings,
      'securityhub-control-findings-passed',
      'eu-west-2',
      await proxy(secondPage, 'eu-west-2'),
      { pageSize: 1 },
    );
    expect((unsure.envelope.data as SecurityHubFindingsData).findings.map((f) => f.id)).toEqual(['pe-ok']);
    expect(unsure.result.status).toBe('UNKNOWN');
    expect(unsure.result.reason).toContain('could not see findings (GetFindings: access was denied)');
  });

  it('aws-securityhub-status: failed findings counts leave the standards judged, failed standards are named', async () => {
    const region = 'eu-west-3';
    await new SecurityHubClient(awsTestConfig(region)).send(
      new EnableSecurityHubCommand({ EnableDefaultStandards: false }),
    );
    // moto 5.2.1 lacks GetEnabledStandards: the proxy answers it in the real REST-JSON shape (two standards).
    const page = {
      StandardsSubscriptions: [
        'cis-aws-foundations-benchmark/v/1.2.0',
        'aws-foundational-security-best-practices/v/1.0.0',
      ].map((s, i) => ({
        StandardsSubscriptionArn: `arn:aws:securityhub:${region}:${ACCOUNT}:subscription/${s}`,
        StandardsArn: `arn:aws:securityhub:${region}::standards/${s}`,
        StandardsInput: {},
        StandardsStatus: i === 0 ? 'READY' : 'INCOMPLETE',
      })),
    };
    const standards = (req: ProxiedRequest) =>
      req.method === 'POST' && path(req) === '/standards/get'
        ? { status: 200, body: JSON.stringify(page), headers: restJson }
        : undefined;

    const noCounts = await proxy(
      (req) => (req.method === 'POST' && path(req) === '/findings' ? restDenied : standards(req)),
      region,
    );
    const counted = await judgeOne(shStatus, 'securityhub-standards-subscribed', region, noCounts);
    expect(counted.envelope.errors).toEqual([
      expect.objectContaining({ code: 'AccessDenied', resource: 'findings', operation: 'GetFindings' }),
    ]);
    expect((counted.envelope.data as SecurityHubStatusData).standards).toHaveLength(2);
    expect(counted.result.status).toBe('PASS');
    expect(counted.result.reason).not.toContain('could not see');

    const noStandards = await proxy(
      (req) => (req.method === 'POST' && path(req) === '/standards/get' ? restDenied : undefined),
      region,
    );
    const { envelope, result } = await judgeOne(
      shStatus,
      'securityhub-standards-subscribed',
      region,
      noStandards,
    );
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'AccessDenied',
        resource: 'standards',
        operation: 'GetEnabledStandards',
      }),
    ]);
    expect(result.status).toBe('UNKNOWN');
    expect(result.reason).toContain('could not see standards (GetEnabledStandards: access was denied)');
    // The hub itself was read: the rule that judges it is whole.
    expect(judgeEnvelope(envelope, 'securityhub-hub-enabled').status).toBe('PASS');
  });
});
