import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CreateGroupCommand,
  CreateGroupMembershipCommand,
  CreateUserCommand,
  IdentitystoreClient,
} from '@aws-sdk/client-identitystore';
import { awsTestConfig, motoEndpoint } from '../../../test/harness/aws.js';
import { ACME_PEOPLE } from '../../demo/idp/acme.js';
import { awsJsonError, startFaultProxy } from '../../../test/harness/fault-proxy.js';
import type { AwsConnection } from '../../sources/aws/clients.js';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector } from './collector.js';
import { IDENTITY_CENTER_MFA_REASON, type IdentityCenterUsersData } from './schema.js';

const REGION = 'eu-west-1';
const STORE = 'd-93670c1a2b';
const scope = { account: '123456789012', region: 'global' };

async function seed(): Promise<{ userIds: Record<string, string>; admins: string; engineers: string }> {
  const ids = new IdentitystoreClient(awsTestConfig(REGION));
  const userIds: Record<string, string> = {};
  for (const p of ACME_PEOPLE) {
    const out = await ids.send(
      new CreateUserCommand({
        IdentityStoreId: STORE,
        UserName: p.key,
        DisplayName: `${p.firstName} ${p.lastName}`,
        Name: { GivenName: p.firstName, FamilyName: p.lastName },
        Emails: [{ Value: p.key === 'bob' ? ' Bob@Acme.Example ' : p.email, Type: 'work', Primary: true }],
      }),
    );
    userIds[p.key] = out.UserId!;
  }
  const group = async (name: string, members: string[]) => {
    const { GroupId } = await ids.send(new CreateGroupCommand({ IdentityStoreId: STORE, DisplayName: name }));
    for (const m of members) {
      await ids.send(
        new CreateGroupMembershipCommand({
          IdentityStoreId: STORE,
          GroupId,
          MemberId: { UserId: userIds[m]! },
        }),
      );
    }
    return GroupId!;
  };
  const admins = await group('Admins', ['alice']);
  const engineers = await group('Engineers', ['alice', 'bob', 'carol', 'erin']);
  await group('Empty', []);
  return { userIds, admins, engineers };
}

describe('aws-identity-center-users', () => {
  let close: (() => Promise<void>) | undefined;
  let seeded: Awaited<ReturnType<typeof seed>>;
  const run = (connection: AwsConnection = awsTestConfig()) =>
    collectEnvelope(collector, scope, {
      connection,
      now: () => new Date('2026-03-01T00:00:00Z'),
      extras: { identityCenter: { identityStoreId: STORE, region: REGION }, pageSize: 2 },
    });

  // moto is reset per test file, so the store is seeded once.
  beforeAll(async () => {
    seeded = await seed();
  });
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('lists users, groups and memberships over several pages, with MFA UNKNOWN for every user', async () => {
    const { envelope } = await run();
    expect(envelope.errors).toEqual([]);
    const d = envelope.data as IdentityCenterUsersData;
    expect(d).toMatchObject({ identityStoreId: STORE, region: REGION });
    expect(d.users).toHaveLength(5);
    expect(d.users.find((u) => u.userName === 'bob')).toMatchObject({
      email: 'bob@acme.example',
      groupIds: [seeded.engineers],
    });
    expect(d.users.find((u) => u.userName === 'alice')!.groupIds).toEqual(
      [seeded.admins, seeded.engineers].sort(),
    );
    expect(d.users.find((u) => u.userName === 'dave')!.groupIds).toEqual([]);
    expect(
      d.users.every((u) => u.mfa.status === 'UNKNOWN' && u.mfa.reason === IDENTITY_CENTER_MFA_REASON),
    ).toBe(true);
    expect(d.groups.find((g) => g.id === seeded.engineers)!.memberUserIds).toHaveLength(4);
    expect(JSON.stringify(d)).not.toMatch(/Leaver|FamilyName|Builder/);

    const ops = envelope.provenance.operations;
    expect(ops).toContainEqual(
      expect.objectContaining({ service: 'Identitystore', operation: 'ListUsers', pages: 3, items: 5 }),
    );
    expect(ops).toContainEqual(expect.objectContaining({ operation: 'ListGroups', pages: 2, items: 3 }));
    expect(ops.filter((o) => o.operation === 'ListGroupMemberships').reduce((n, o) => n + o.items, 0)).toBe(
      5,
    );
  });

  it("records AccessDenied on one group's memberships and collects the rest", async () => {
    const proxy = await startFaultProxy(motoEndpoint(), (req) =>
      req.headers['x-amz-target'] === 'AWSIdentityStore.ListGroupMemberships' &&
      req.body.includes(seeded.engineers)
        ? {
            status: 400,
            body: awsJsonError('AccessDeniedException', 'not authorized'),
            headers: { 'content-type': 'application/x-amz-json-1.1' },
          }
        : undefined,
    );
    close = proxy.close;
    const { envelope } = await run({ ...awsTestConfig(), endpoint: proxy.endpoint });
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'AccessDenied',
        resource: seeded.engineers,
        operation: 'ListGroupMemberships',
      }),
    ]);
    const d = envelope.data as IdentityCenterUsersData;
    expect(d.groups.find((g) => g.id === seeded.engineers)!.memberUserIds).toBeNull();
    expect(d.groups.find((g) => g.id === seeded.admins)!.memberUserIds).toEqual([seeded.userIds.alice]);
    expect(envelope.provenance.complete).toBe(false);
  });

  it('turns a listed user without an id into InvalidSourceData', async () => {
    const proxy = await startFaultProxy(motoEndpoint(), (req) =>
      req.headers['x-amz-target'] === 'AWSIdentityStore.ListUsers'
        ? {
            status: 200,
            body: JSON.stringify({ Users: [{ IdentityStoreId: STORE, UserName: 'ghost' }] }),
            headers: { 'content-type': 'application/x-amz-json-1.1' },
          }
        : undefined,
    );
    close = proxy.close;
    const { envelope } = await run({ ...awsTestConfig(), endpoint: proxy.endpoint });
    expect(envelope.data).toBeNull();
    expect(envelope.errors).toEqual([
      expect.objectContaining({ code: 'InvalidSourceData', message: expect.stringContaining('users.0.id') }),
    ]);
  });
});
