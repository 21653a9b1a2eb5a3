import { describe, expect, it } from '@jest/globals';
import {
  AttachUserPolicyCommand,
  CreateUserCommand,
  DetachUserPolicyCommand,
  IAMClient,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateGroupCommand,
  CreateGroupMembershipCommand,
  CreateUserCommand as CreateStoreUserCommand,
  IdentitystoreClient,
} from '@aws-sdk/client-identitystore';
import { collector as accountSummary } from '../../shared/collectors/aws-iam-account-summary/collector.js';
import { collector as adminAccess } from '../../shared/collectors/aws-iam-admin-access/collector.js';
import { collector as credentialReport } from '../../shared/collectors/aws-iam-credential-report/collector.js';
import { collector as passwordPolicy } from '../../shared/collectors/aws-iam-password-policy/collector.js';
import { collector as identityCenter } from '../../shared/collectors/aws-identity-center-users/collector.js';
import type { IdentityCenterUsersData } from '../../shared/collectors/aws-identity-center-users/schema.js';
import { collectEnvelope } from '../../shared/kernel/runner.js';
import { parseIdentitySources } from '../../shared/reconcile/sources.js';
import { awsTestConfig } from '../harness/aws.js';
import { awsJsonError, awsXmlError, type ProxiedRequest } from '../harness/fault-proxy.js';
import {
  ACCOUNT,
  faultProxies,
  jsonHeaders,
  judgeEnvelope,
  judgeOne,
  NOW,
  queryAction,
  target,
} from '../harness/partial-evidence.js';

/** Fault injection, one call failing per collector: IAM and IAM Identity Center. */
const proxy = faultProxies();
const iam = new IAMClient(awsTestConfig());
const denied = { status: 403, body: awsXmlError('AccessDenied'), headers: { 'content-type': 'text/xml' } };
const deny = (action: string, param?: [string, string]) => (req: ProxiedRequest) =>
  queryAction(req) === action && (!param || new URLSearchParams(req.body).get(param[0]) === param[1])
    ? denied
    : undefined;
const awsPolicy = (name: string) => `arn:aws:iam::aws:policy/${name}`;

describe('partial evidence: IAM and Identity Center', () => {
  it('aws-iam-admin-access: an AWS managed policy that cannot be read leaves every principal judged', async () => {
    for (const UserName of ['pe-admin', 'pe-reader']) await iam.send(new CreateUserCommand({ UserName }));
    await iam.send(
      new AttachUserPolicyCommand({ UserName: 'pe-admin', PolicyArn: awsPolicy('AdministratorAccess') }),
    );
    await iam.send(
      new AttachUserPolicyCommand({ UserName: 'pe-reader', PolicyArn: awsPolicy('ReadOnlyAccess') }),
    );
    const readOnly = deny('GetPolicyVersion', ['PolicyArn', awsPolicy('ReadOnlyAccess')]);

    const { envelope, result } = await judgeOne(
      adminAccess,
      'iam-user-admin-access-absent',
      'global',
      await proxy(readOnly),
    );
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'AccessDenied',
        resource: awsPolicy('ReadOnlyAccess'),
        operation: 'GetPolicyVersion',
      }),
    ]);
    expect(result.status).toBe('FAIL');
    expect(result.failing.map((f) => f.resource)).toEqual([expect.stringMatching(/:user\/pe-admin$/)]);
    expect(result.reason).toContain(
      `also could not see ${awsPolicy('ReadOnlyAccess')} (GetPolicyVersion: access was denied)`,
    );
    // Which policies a user holds does not depend on what a managed policy allows: judged whole.
    const direct = judgeEnvelope(envelope, 'iam-user-direct-policies-absent');
    expect(direct.status).toBe('FAIL');
    expect(direct.failing.map((f) => f.resource).sort()).toEqual([
      expect.stringMatching(/:user\/pe-admin$/),
      expect.stringMatching(/:user\/pe-reader$/),
    ]);
    expect(direct.reason).not.toContain('could not see');

    await iam.send(
      new DetachUserPolicyCommand({ UserName: 'pe-admin', PolicyArn: awsPolicy('AdministratorAccess') }),
    );
    const unsure = await judgeOne(
      adminAccess,
      'iam-user-admin-access-absent',
      'global',
      await proxy(readOnly),
    );
    expect(unsure.result.status).toBe('UNKNOWN');
    expect(unsure.result.reason).toContain(
      `could not see ${awsPolicy('ReadOnlyAccess')} (GetPolicyVersion: access was denied)`,
    );
  });

  it('aws-iam-credential-report: one report holds every user, so a failed GetCredentialReport is UNKNOWN naming it', async () => {
    for (const UserName of ['pe-cr-a', 'pe-cr-b']) await iam.send(new CreateUserCommand({ UserName }));
    const { envelope, result } = await judgeOne(
      credentialReport,
      'iam-user-console-mfa-enabled',
      'global',
      await proxy(deny('GetCredentialReport')),
      { sleep: () => Promise.resolve() },
    );
    expect(envelope.data).toBeNull();
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'AccessDenied',
        resource: 'credential-report',
        operation: 'GetCredentialReport',
      }),
    ]);
    expect(result.status).toBe('UNKNOWN');
    expect(result.reason).toContain(
      'could not see credential-report (GetCredentialReport: access was denied)',
    );
  });

  it('aws-iam-account-summary: the one call fails, and the rule is UNKNOWN naming it', async () => {
    const { envelope, result } = await judgeOne(
      accountSummary,
      'iam-root-access-key-absent',
      'global',
      await proxy(deny('GetAccountSummary')),
    );
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'AccessDenied',
        resource: 'account-summary',
        operation: 'GetAccountSummary',
      }),
    ]);
    expect(result.status).toBe('UNKNOWN');
    expect(result.reason).toContain('could not see account-summary (GetAccountSummary: access was denied)');
  });

  it('aws-iam-password-policy: the one call fails, and the rule is UNKNOWN naming it, never "no policy"', async () => {
    await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 8 }));
    const { envelope, result } = await judgeOne(
      passwordPolicy,
      'iam-password-policy-minimum-length',
      'global',
      await proxy(deny('GetAccountPasswordPolicy')),
    );
    expect(envelope.data).toBeNull();
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'AccessDenied',
        resource: 'account-password-policy',
        operation: 'GetAccountPasswordPolicy',
      }),
    ]);
    expect(result.status).toBe('UNKNOWN');
    expect(result.reason).toContain(
      'could not see account-password-policy (GetAccountPasswordPolicy: access was denied)',
    );
  });

  it("aws-identity-center-users: one group's memberships fail, the other group and every user are kept", async () => {
    const region = 'eu-west-1';
    const IdentityStoreId = 'd-9367000001';
    const store = new IdentitystoreClient(awsTestConfig(region));
    const user = async (UserName: string) =>
      (
        await store.send(
          new CreateStoreUserCommand({
            IdentityStoreId,
            UserName,
            DisplayName: UserName,
            Name: { GivenName: UserName, FamilyName: 'Example' },
          }),
        )
      ).UserId!;
    const ann = await user('pe-ann');
    const ben = await user('pe-ben');
    const group = async (DisplayName: string, members: string[]) => {
      const { GroupId } = await store.send(new CreateGroupCommand({ IdentityStoreId, DisplayName }));
      for (const UserId of members)
        await store.send(
          new CreateGroupMembershipCommand({ IdentityStoreId, GroupId, MemberId: { UserId } }),
        );
      return GroupId!;
    };
    const admins = await group('pe-admins', [ann]);
    const staff = await group('pe-staff', [ann, ben]);
    const connection = await proxy(
      (req) =>
        target(req) === 'AWSIdentityStore.ListGroupMemberships' && req.body.includes(staff)
          ? { status: 400, body: awsJsonError('AccessDeniedException', 'no'), headers: jsonHeaders }
          : undefined,
      region,
    );
    const { envelope } = await collectEnvelope(
      identityCenter,
      { account: ACCOUNT, region: 'global' },
      {
        connection,
        now: () => NOW,
        extras: { identityCenter: { identityStoreId: IdentityStoreId, region } },
      },
    );
    expect(envelope.errors).toEqual([
      expect.objectContaining({ code: 'AccessDenied', resource: staff, operation: 'ListGroupMemberships' }),
    ]);
    const data = envelope.data as IdentityCenterUsersData;
    expect(data.users.map((u) => u.id).sort()).toEqual([ann, ben].sort());
    expect(data.groups.find((g) => g.id === admins)?.memberUserIds).toEqual([ann]);
    expect(data.groups.find((g) => g.id === staff)?.memberUserIds).toBeNull();
    // No rule judges this listing (no public API reports these users' MFA); the access reconciliation reads it
    // and carries the failed call forward as an incomplete input, never as a complete one.
    const { parsed, problems } = parseIdentitySources({
      'aws-identity-center-users': [
        {
          scope: 'account=123456789012,region=global',
          sha256: 'a'.repeat(64),
          observedAt: envelope.observedAt,
          data: envelope.data,
          complete: envelope.provenance.complete,
          errors: envelope.errors,
        },
      ],
    });
    expect(parsed).toHaveLength(1);
    expect(problems).toEqual([expect.objectContaining({ code: 'IncompleteInput' })]);
  });
});
