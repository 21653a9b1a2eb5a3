import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { awsTestConfig, motoEndpoint } from '../../../test/harness/aws.js';
import {
  awsXmlError,
  startFaultProxy,
  type FaultResponse,
  type ProxiedRequest,
} from '../../../test/harness/fault-proxy.js';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector } from './collector.js';

const scope = { account: '123456789012', region: 'global' };
const deps = (endpoint?: string) => ({
  connection: { ...awsTestConfig(), ...(endpoint ? { endpoint } : {}) },
  now: () => new Date('2026-03-01T00:00:00Z'),
});

/** A GetAccountSummary answer in IAM's XML shape with the given entries. */
function summaryResponse(entries: Record<string, number>): FaultResponse {
  const map = Object.entries(entries)
    .map(([k, v]) => `<entry><key>${k}</key><value>${v}</value></entry>`)
    .join('');
  return {
    status: 200,
    body:
      '<GetAccountSummaryResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountSummaryResult>' +
      `<SummaryMap>${map}</SummaryMap></GetAccountSummaryResult>` +
      '<ResponseMetadata><RequestId>fault-proxy</RequestId></ResponseMetadata></GetAccountSummaryResponse>',
  };
}
const full = {
  AccountMFAEnabled: 1,
  AccountAccessKeysPresent: 1,
  AccountSigningCertificatesPresent: 0,
  Users: 7,
  Groups: 2,
  Roles: 5,
  Policies: 3,
  MFADevices: 4,
  MFADevicesInUse: 4,
  UsersQuota: 5000,
};

async function collectThrough(rule: (req: ProxiedRequest) => FaultResponse | undefined) {
  const proxy = await startFaultProxy(motoEndpoint(), rule);
  try {
    return (await collectEnvelope(collector, scope, deps(proxy.endpoint))).envelope;
  } finally {
    await proxy.close();
  }
}
const isSummary = (req: ProxiedRequest) => /(^|&)Action=GetAccountSummary(&|$)/.test(req.body);

describe('aws-iam-account-summary', () => {
  beforeAll(async () => {
    const iam = new IAMClient(awsTestConfig());
    for (const name of ['alice', 'bob', 'carol']) await iam.send(new CreateUserCommand({ UserName: name }));
    await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    for (const name of ['admins', 'readers']) await iam.send(new CreateGroupCommand({ GroupName: name }));
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'deployer',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
    await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'read-logs',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'logs:Get*', Resource: '*' }],
        }),
      }),
    );
    const { VirtualMFADevice: mfa } = await iam.send(
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice' }),
    );
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: 'alice',
        SerialNumber: mfa!.SerialNumber,
        AuthenticationCode1: '123456',
        AuthenticationCode2: '654321',
      }),
    );
  });

  it('collects the root flags and entity counts seeded in the account', async () => {
    const { envelope } = await collectEnvelope(collector, scope, deps());
    expect(envelope.errors).toEqual([]);
    // moto always reports AccountMFAEnabled 0 and no root keys: stored as the source says.
    expect(envelope.data).toEqual({
      accountMfaEnabled: false,
      accountAccessKeysPresent: false,
      accountSigningCertificatesPresent: false,
      users: 3,
      groups: 2,
      roles: 1,
      policies: 1,
      mfaDevices: 1,
      mfaDevicesInUse: 1,
    });
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({ service: 'IAM', operation: 'GetAccountSummary', pages: 1, items: 1 }),
    );
    expect(envelope.observedAt).toBe(envelope.collectedAt);
  });

  it('reports root MFA and root access keys when IAM says they are present', async () => {
    const envelope = await collectThrough((req) => (isSummary(req) ? summaryResponse(full) : undefined));
    expect(envelope.errors).toEqual([]);
    expect(envelope.data).toMatchObject({
      accountMfaEnabled: true,
      accountAccessKeysPresent: true,
      users: 7,
      roles: 5,
    });
  });

  it('records a summary missing a key as invalid source data, not a default', async () => {
    const { AccountMFAEnabled: _dropped, ...partial } = full;
    const envelope = await collectThrough((req) => (isSummary(req) ? summaryResponse(partial) : undefined));
    expect(envelope.data).toBeNull();
    expect(envelope.provenance.complete).toBe(false);
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'InvalidSourceData',
        message: expect.stringMatching(/accountMfaEnabled/),
      }),
    ]);
  });

  it('records a flag outside 0/1 as invalid source data', async () => {
    const envelope = await collectThrough((req) =>
      isSummary(req) ? summaryResponse({ ...full, AccountAccessKeysPresent: 2 }) : undefined,
    );
    expect(envelope.data).toBeNull();
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'InvalidSourceData',
        message: expect.stringMatching(/accountAccessKeysPresent/),
      }),
    ]);
  });

  it('records AccessDenied as an error with no data', async () => {
    const envelope = await collectThrough((req) =>
      isSummary(req) ? { status: 403, body: awsXmlError('AccessDenied', 'not allowed') } : undefined,
    );
    expect(envelope.data).toBeNull();
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'AccessDenied',
        resource: 'account-summary',
        operation: 'GetAccountSummary',
      }),
    ]);
  });
});
