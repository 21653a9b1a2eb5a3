// Test-only helpers shared by this collector's integration tests (not imported by the collector).
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
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
import { ADMINISTRATOR_ACCESS_ARN } from './policy-document.js';
import type { AdminAccessData } from './schema.js';

const ACCOUNT = '123456789012';
export const scope = { account: ACCOUNT, region: 'global' };
export const deps = (endpoint?: string) => ({
  connection: { ...awsTestConfig(), ...(endpoint ? { endpoint } : {}) },
  now: () => new Date('2026-03-01T00:00:00Z'),
});
export const arn = (kind: string, name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
export const denied: FaultResponse = { status: 403, body: awsXmlError('AccessDenied', 'not authorized') };
const doc = (Action: string | string[], Resource: string | string[] = '*') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource }] });
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** Matches an IAM query-protocol request by action and parameters. */
export function matches(req: ProxiedRequest, action: string, params: Record<string, string> = {}): boolean {
  const q = new URLSearchParams(req.body);
  return q.get('Action') === action && Object.entries(params).every(([k, v]) => q.get(k) === v);
}

/** Runs the collector through a fault proxy in front of this worker's moto. */
export async function collectThrough(rule: (req: ProxiedRequest) => FaultResponse | undefined) {
  const proxy = await startFaultProxy(motoEndpoint(), rule);
  try {
    const { envelope } = await collectEnvelope(collector, scope, deps(proxy.endpoint));
    return { envelope, data: envelope.data as AdminAccessData, hits: proxy.hits() };
  } finally {
    await proxy.close();
  }
}

/**
 * The raw GetAccountAuthorizationDetails XML moto answers for the collector's filter, for tests that serve
 * an altered or split copy through the fault proxy (moto checks no signature, only the credential scope).
 */
export async function rawAuthorizationDetails(): Promise<string> {
  const filter = ['User', 'Group', 'Role', 'LocalManagedPolicy'];
  const res = await fetch(motoEndpoint(), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization:
        'AWS4-HMAC-SHA256 Credential=testing/20260301/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: new URLSearchParams([
      ['Action', 'GetAccountAuthorizationDetails'],
      ['Version', '2010-05-08'],
      ...filter.map((f, i): [string, string] => [`Filter.member.${i + 1}`, f]),
    ]).toString(),
  });
  if (!res.ok) throw new Error(`moto answered ${res.status}`);
  return res.text();
}

/**
 * Seeds: alice admin through group `admins` (AdministratorAccess); bob admin through an inline user policy;
 * carol a harmless attached policy; dave an attached customer policy allowing ["ec2:*","*"] on ["*"];
 * erin in `readers` (harmless inline group policy); frank admin through group `ops` (inline `*:*`);
 * roles deployer (AdministratorAccess), reader-role (ReadOnlyAccess), lambda-role (one scoped, one full inline).
 * `bulk` extra users and roles without policies make listings longer than one page.
 */
export async function seedAccount(bulk = 0): Promise<void> {
  const iam = new IAMClient(awsTestConfig());
  const pad = (i: number) => String(i).padStart(3, '0');
  for (const u of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'])
    await iam.send(new CreateUserCommand({ UserName: u }));
  for (let i = 0; i < bulk; i += 1) await iam.send(new CreateUserCommand({ UserName: `bulk-${pad(i)}` }));
  for (const g of ['admins', 'readers', 'ops']) await iam.send(new CreateGroupCommand({ GroupName: g }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: ADMINISTRATOR_ACCESS_ARN }));
  await iam.send(
    new PutGroupPolicyCommand({
      GroupName: 'readers',
      PolicyName: 's3-read',
      PolicyDocument: doc('s3:Get*'),
    }),
  );
  await iam.send(
    new PutGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'ops-all', PolicyDocument: doc('*:*') }),
  );
  await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'alice' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'erin' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'ops', UserName: 'frank' }));
  await iam.send(
    new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'god-mode', PolicyDocument: doc('*') }),
  );
  const readLogs = await iam.send(
    new CreatePolicyCommand({ PolicyName: 'read-logs', PolicyDocument: doc('logs:Get*') }),
  );
  const breakGlass = await iam.send(
    new CreatePolicyCommand({ PolicyName: 'break-glass', PolicyDocument: doc(['ec2:*', '*'], ['*']) }),
  );
  await iam.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: readLogs.Policy!.Arn }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'dave', PolicyArn: breakGlass.Policy!.Arn }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'dave', PolicyArn: readLogs.Policy!.Arn }));
  for (let i = 0; i < bulk; i += 1) {
    await iam.send(
      new CreateRoleCommand({ RoleName: `bulk-role-${pad(i)}`, AssumeRolePolicyDocument: trust }),
    );
  }
  for (const r of ['deployer', 'reader-role', 'lambda-role']) {
    await iam.send(new CreateRoleCommand({ RoleName: r, AssumeRolePolicyDocument: trust }));
  }
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'deployer', PolicyArn: ADMINISTRATOR_ACCESS_ARN }));
  await iam.send(
    new AttachRolePolicyCommand({
      RoleName: 'reader-role',
      PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'lambda-role',
      PolicyName: 'all',
      PolicyDocument: doc('*', 'arn:aws:s3:::x'),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({ RoleName: 'lambda-role', PolicyName: 'everything', PolicyDocument: doc('*') }),
  );
}
