import { describe, expect, it } from '@jest/globals';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { IAMClient, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { awsTestConfig } from '../../test/harness/aws.js';
import { parseConfig } from '../config/load.js';
import { collector as passwordPolicy } from '../collectors/aws-iam-password-policy/collector.js';
import { collector as identityCenter } from '../collectors/aws-identity-center-users/collector.js';
import { planUnits } from './plan.js';
import { collectEnvelope } from './runner.js';

const base = () => {
  const { endpoint, credentials } = awsTestConfig();
  return { endpoint, credentials, maxAttempts: 2 };
};

describe('planUnits', () => {
  it('expands global collectors once per account and regional ones per region', async () => {
    const aws = parseConfig({
      aws: {
        accounts: { mode: 'list', ids: ['123456789012', '222222222222'] },
        regions: ['us-east-1', 'eu-west-1'],
      },
    }).aws;
    const regional = {
      ...passwordPolicy,
      meta: { ...passwordPolicy.meta, id: 'regional-x', scope: 'regional' as const },
    };
    const units = await planUnits([passwordPolicy, regional], aws, base(), 'us-east-1');
    expect(units.map((u) => `${u.collector.meta.id}@${u.scope.account}/${u.scope.region}`).sort()).toEqual([
      'aws-iam-password-policy@123456789012/global',
      'aws-iam-password-policy@222222222222/global',
      'regional-x@123456789012/eu-west-1',
      'regional-x@123456789012/us-east-1',
      'regional-x@222222222222/eu-west-1',
      'regional-x@222222222222/us-east-1',
    ]);
  });

  it('plans a collector configured by one organisation-wide store (Identity Center) once, in the platform account', async () => {
    const aws = parseConfig({
      aws: { accounts: { mode: 'list', ids: ['222222222222', '123456789012'] }, regions: ['us-east-1'] },
    }).aws;
    const units = await planUnits([passwordPolicy, identityCenter], aws, base(), 'us-east-1');
    expect(units.map((u) => `${u.collector.meta.id}@${u.scope.account}/${u.scope.region}`).sort()).toEqual([
      'aws-iam-password-policy@123456789012/global',
      'aws-iam-password-policy@222222222222/global',
      'aws-identity-center-users@123456789012/global',
    ]);
  });

  it('collects every active account of the organization through the member role', async () => {
    const org = new OrganizationsClient(awsTestConfig());
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const created = await org.send(
      new CreateAccountCommand({ AccountName: 'prod', Email: 'prod@acme.example' }),
    );
    const member = created.CreateAccountStatus!.AccountId!;
    // Give the member account a distinct password policy, set through the member role.
    const assumed = await new STSClient(awsTestConfig()).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${member}:role/FluxEvidenceReadOnly`,
        RoleSessionName: 'seed',
      }),
    );
    const c = assumed.Credentials!;
    await new IAMClient({
      ...awsTestConfig(),
      credentials: {
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken!,
      },
    }).send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 20 }));

    const aws = parseConfig({ aws: { accounts: { mode: 'organization' }, regions: ['us-east-1'] } }).aws;
    const units = await planUnits([passwordPolicy], aws, base(), 'us-east-1');
    expect(units.map((u) => u.scope.account)).toContain(member);
    const memberUnit = units.find((u) => u.scope.account === member)!;
    const { envelope } = await collectEnvelope(memberUnit.collector, memberUnit.scope, {
      connection: memberUnit.connection,
      now: () => new Date('2026-03-01T00:00:00Z'),
    });
    expect(envelope.provenance.identity).toContain(`${member}:assumed-role/FluxEvidenceReadOnly`);
    expect(envelope.data).toMatchObject({ present: true, policy: { minimumLength: 20 } });
  });
});
