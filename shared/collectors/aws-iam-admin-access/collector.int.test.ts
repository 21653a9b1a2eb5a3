import { beforeAll, describe, expect, it } from '@jest/globals';
import { collectEnvelope } from '../runner.js';
import { collector } from './collector.js';
import { ADMINISTRATOR_ACCESS_ARN } from './policy-document.js';
import type { AdminAccessData } from './schema.js';
import { arn, collectThrough, denied, deps, matches, scope, seedAccount } from './test-fixtures.js';
import type { FaultResponse } from '../../../test/harness/fault-proxy.js';

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

  it('records AccessDenied on one inline policy and still collects the rest', async () => {
    const { envelope, data, hits } = await collectThrough((req) =>
      matches(req, 'GetUserPolicy', { UserName: 'bob' }) ? denied : undefined,
    );
    expect(hits).toBe(1);
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'AccessDenied',
        resource: `${arn('user', 'bob')}#god-mode`,
        operation: 'GetUserPolicy',
      }),
    ]);
    expect(envelope.provenance.complete).toBe(false);
    expect(data.admins.map((a) => `${a.type}:${a.name}`)).toEqual([
      'user:alice',
      'user:dave',
      'user:frank',
      'group:admins',
      'group:ops',
      'role:deployer',
      'role:lambda-role',
    ]);
    // bob's policy is still listed as a direct policy: the name was readable, only the document was not.
    expect(data.usersWithDirectPolicies.map((u) => u.name)).toEqual(['bob', 'carol', 'dave']);
  });

  it('records a group whose members cannot be read, keeping the group itself', async () => {
    const { envelope, data } = await collectThrough((req) =>
      matches(req, 'GetGroup', { GroupName: 'admins' }) ? denied : undefined,
    );
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'AccessDenied',
        resource: arn('group', 'admins'),
        operation: 'GetGroup',
      }),
    ]);
    expect(data.admins.some((a) => a.name === 'alice')).toBe(false);
    expect(data.admins).toContainEqual(expect.objectContaining({ type: 'group', name: 'admins' }));
  });

  it('records a malformed policy document as invalid source data for that policy', async () => {
    const garbled: FaultResponse = {
      status: 200,
      body:
        '<GetRolePolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRolePolicyResult>' +
        '<RoleName>lambda-role</RoleName><PolicyName>everything</PolicyName><PolicyDocument>%7B%22Statement%22%3A%5B</PolicyDocument>' +
        '</GetRolePolicyResult><ResponseMetadata><RequestId>fault-proxy</RequestId></ResponseMetadata></GetRolePolicyResponse>',
    };
    const { envelope, data } = await collectThrough((req) =>
      matches(req, 'GetRolePolicy', { RoleName: 'lambda-role', PolicyName: 'everything' })
        ? garbled
        : undefined,
    );
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'InvalidSourceData',
        resource: `${arn('role', 'lambda-role')}#everything`,
        operation: 'GetRolePolicy',
      }),
    ]);
    expect(data.admins.some((a) => a.name === 'lambda-role')).toBe(false);
    expect(data.admins).toContainEqual(expect.objectContaining({ type: 'role', name: 'deployer' }));
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

  it('fails the run, with no data, when the user listing is denied', async () => {
    const { envelope } = await collectThrough((req) => (matches(req, 'ListUsers') ? denied : undefined));
    expect(envelope.data).toBeNull();
    expect(envelope.errors).toEqual([
      expect.objectContaining({ code: 'AccessDenied', operation: 'collect' }),
    ]);
  });
});
