import { beforeAll, describe, expect, it } from '@jest/globals';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector } from './collector.js';
import { ADMINISTRATOR_ACCESS_ARN } from './policy-document.js';
import type { AdminAccessData } from './schema.js';
import {
  arn,
  collectThrough,
  denied,
  deps,
  matches,
  rawAuthorizationDetails,
  scope,
  seedAccount,
} from './test-fixtures.js';

describe('aws-iam-admin-access', () => {
  beforeAll(() => seedAccount());

  it('reports every admin grant, with users admin through a group marked via group:<name>', async () => {
    const { envelope } = await collectEnvelope(collector, scope, deps());
    expect(envelope.errors).toEqual([]);
    const data = envelope.data as AdminAccessData;
    expect(data.counts).toEqual({ users: 6, groups: 3, roles: 3 });
    const breakGlassArn = arn('policy', 'break-glass');
    expect(data.admins).toEqual([
      {
        type: 'user',
        name: 'alice',
        arn: arn('user', 'alice'),
        via: 'group:admins',
        policyName: 'AdministratorAccess',
        policyArn: ADMINISTRATOR_ACCESS_ARN,
      },
      {
        type: 'user',
        name: 'bob',
        arn: arn('user', 'bob'),
        via: 'inline',
        policyName: 'god-mode',
        policyArn: null,
      },
      {
        type: 'user',
        name: 'dave',
        arn: arn('user', 'dave'),
        via: 'attached',
        policyName: 'break-glass',
        policyArn: breakGlassArn,
      },
      {
        type: 'user',
        name: 'frank',
        arn: arn('user', 'frank'),
        via: 'group:ops',
        policyName: 'ops-all',
        policyArn: null,
      },
      {
        type: 'group',
        name: 'admins',
        arn: arn('group', 'admins'),
        via: 'attached',
        policyName: 'AdministratorAccess',
        policyArn: ADMINISTRATOR_ACCESS_ARN,
      },
      {
        type: 'group',
        name: 'ops',
        arn: arn('group', 'ops'),
        via: 'inline',
        policyName: 'ops-all',
        policyArn: null,
      },
      {
        type: 'role',
        name: 'deployer',
        arn: arn('role', 'deployer'),
        via: 'attached',
        policyName: 'AdministratorAccess',
        policyArn: ADMINISTRATOR_ACCESS_ARN,
      },
      {
        type: 'role',
        name: 'lambda-role',
        arn: arn('role', 'lambda-role'),
        via: 'inline',
        policyName: 'everything',
        policyArn: null,
      },
    ]);
    expect(data.usersWithDirectPolicies).toEqual([
      { name: 'bob', arn: arn('user', 'bob'), attachedPolicies: [], inlinePolicies: ['god-mode'] },
      { name: 'carol', arn: arn('user', 'carol'), attachedPolicies: ['read-logs'], inlinePolicies: [] },
      {
        name: 'dave',
        arn: arn('user', 'dave'),
        attachedPolicies: ['break-glass', 'read-logs'],
        inlinePolicies: [],
      },
    ]);
    // Only names, ARNs and the fact are kept, never policy documents.
    expect(JSON.stringify(data)).not.toMatch(/Statement|Effect/);
  });

  it('reads everything from one account listing plus one fetch per attached AWS managed policy', async () => {
    const { envelope } = await collectEnvelope(collector, scope, deps());
    const ops = envelope.provenance.operations;
    const pages = (name: string) => ops.filter((o) => o.operation === name).reduce((n, o) => n + o.pages, 0);
    expect(pages('GetAccountAuthorizationDetails')).toBe(1);
    expect(pages('ListPolicies')).toBe(1);
    expect(
      ops
        .filter((o) => o.operation === 'GetPolicyVersion')
        .map((o) => o.params.PolicyArn)
        .sort(),
    ).toEqual([ADMINISTRATOR_ACCESS_ARN, 'arn:aws:iam::aws:policy/ReadOnlyAccess']);
    expect(ops.map((o) => o.operation).sort()).toEqual([
      'GetAccountAuthorizationDetails',
      'GetCallerIdentity',
      'GetPolicyVersion',
      'GetPolicyVersion',
      'ListPolicies',
    ]);
  });

  it('records AccessDenied on one managed policy and still collects the rest', async () => {
    const readOnly = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    const { envelope, data, hits } = await collectThrough((req) =>
      matches(req, 'GetPolicyVersion', { PolicyArn: readOnly }) ? denied : undefined,
    );
    expect(hits).toBe(1);
    expect(envelope.errors).toEqual([
      expect.objectContaining({ code: 'AccessDenied', resource: readOnly, operation: 'GetPolicyVersion' }),
    ]);
    expect(envelope.provenance.complete).toBe(false);
    expect(data.admins.map((a) => `${a.type}:${a.name}`)).toEqual([
      'user:alice',
      'user:bob',
      'user:dave',
      'user:frank',
      'group:admins',
      'group:ops',
      'role:deployer',
      'role:lambda-role',
    ]);
    expect(data.usersWithDirectPolicies.map((u) => u.name)).toEqual(['bob', 'carol', 'dave']);
  });

  it('records a malformed inline policy document as invalid source data for that policy', async () => {
    const listing = await rawAuthorizationDetails();
    const good = listing.match(
      /<RoleName>lambda-role<\/RoleName>[\s\S]*?<PolicyName>everything<\/PolicyName><PolicyDocument>[^<]*<\/PolicyDocument>/,
    )![0];
    const garbled = good.replace(
      /<PolicyDocument>[^<]*<\/PolicyDocument>$/,
      '<PolicyDocument>%7B%22Statement%22%3A%5B</PolicyDocument>',
    );
    const { envelope, data, hits } = await collectThrough((req) =>
      matches(req, 'GetAccountAuthorizationDetails')
        ? { status: 200, body: listing.replace(good, garbled) }
        : undefined,
    );
    expect(hits).toBe(1);
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'InvalidSourceData',
        resource: `${arn('role', 'lambda-role')}#everything`,
        operation: 'GetAccountAuthorizationDetails',
      }),
    ]);
    expect(data.admins.some((a) => a.name === 'lambda-role')).toBe(false);
    expect(data.admins).toContainEqual(expect.objectContaining({ type: 'role', name: 'deployer' }));
    expect(data.admins).toContainEqual(
      expect.objectContaining({ type: 'user', name: 'alice', via: 'group:admins' }),
    );
  });

  it('records a malformed customer managed policy document against that policy', async () => {
    const breakGlass = arn('policy', 'break-glass');
    const listing = await rawAuthorizationDetails();
    const good = listing.match(
      new RegExp(`<Arn>${breakGlass}</Arn>[\\s\\S]*?<Document>[^<]*</Document>`),
    )![0];
    const garbled = good.replace(/<Document>[^<]*<\/Document>$/, '<Document>not-json</Document>');
    const { envelope, data } = await collectThrough((req) =>
      matches(req, 'GetAccountAuthorizationDetails')
        ? { status: 200, body: listing.replace(good, garbled) }
        : undefined,
    );
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'InvalidSourceData',
        resource: breakGlass,
        operation: 'GetAccountAuthorizationDetails',
      }),
    ]);
    expect(data.admins.some((a) => a.name === 'dave')).toBe(false);
    expect(data.usersWithDirectPolicies.find((u) => u.name === 'dave')?.attachedPolicies).toEqual([
      'break-glass',
      'read-logs',
    ]);
  });

  it('still reports AdministratorAccess by ARN when its document cannot be read', async () => {
    const { envelope, data } = await collectThrough((req) =>
      matches(req, 'GetPolicyVersion', { PolicyArn: ADMINISTRATOR_ACCESS_ARN }) ? denied : undefined,
    );
    // One failure, recorded once: the policy is looked up once per run however many principals hold it.
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'AccessDenied',
        resource: ADMINISTRATOR_ACCESS_ARN,
        operation: 'GetPolicyVersion',
      }),
    ]);
    expect(data.admins.filter((a) => a.policyName === 'AdministratorAccess').map((a) => a.name)).toEqual([
      'alice',
      'admins',
      'deployer',
    ]);
  });

  it('fails the run, with no data, when the account listing is denied', async () => {
    const { envelope } = await collectThrough((req) =>
      matches(req, 'GetAccountAuthorizationDetails') ? denied : undefined,
    );
    expect(envelope.data).toBeNull();
    expect(envelope.errors).toEqual([
      expect.objectContaining({ code: 'AccessDenied', operation: 'collect' }),
    ]);
  });
});
