import {
  IAMClient,
  paginateGetGroup,
  paginateListGroups,
  paginateListRoles,
  paginateListUsers,
  type Group,
  type Role,
  type User,
} from '@aws-sdk/client-iam';
import pLimit from 'p-limit';
import { defineCollector, type CollectorContext } from '../types.js';
import { meta } from './meta.js';
import {
  ManagedPolicyCache,
  principalPolicies,
  type PolicyFact,
  type PrincipalType,
} from './principal-policies.js';
import { schema, type AdminAccessData, type AdminGrant } from './schema.js';

/** Parallel per-principal calls; the SDK's adaptive retry mode slows down further if IAM throttles. */
const CONCURRENCY = 8;

async function listAll<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}

interface Principal {
  readonly type: PrincipalType;
  readonly name: string;
  readonly arn: string;
}
const principal = (type: PrincipalType, p: User | Group | Role): Principal => {
  const name = 'UserName' in p ? p.UserName : 'GroupName' in p ? p.GroupName : (p as Role).RoleName;
  return { type, name: name ?? '', arn: p.Arn ?? '' };
};

/** Members of each group (GetGroup: ListGroupsForUser would cost one call per user instead of per group). */
async function groupMembers(ctx: CollectorContext, groups: Principal[]): Promise<Map<string, Principal[]>> {
  const iam = ctx.aws(IAMClient);
  const limit = pLimit(CONCURRENCY);
  const members = new Map<string, Principal[]>();
  await Promise.all(
    groups.map((g) =>
      limit(async () => {
        const users = await ctx.tryResource(g.arn, 'GetGroup', () =>
          listAll(paginateGetGroup({ client: iam }, { GroupName: g.name }), (p) => p.Users),
        );
        members.set(
          g.name,
          (users ?? []).map((u) => principal('user', u)),
        );
      }),
    ),
  );
  return members;
}

const grant = (p: Principal, via: string, f: PolicyFact): AdminGrant => ({
  type: p.type,
  name: p.name,
  arn: p.arn,
  via,
  policyName: f.name,
  policyArn: f.arn,
});
const order = { user: 0, group: 1, role: 2 } as const;
const byKey = (a: AdminGrant, b: AdminGrant) =>
  order[a.type] - order[b.type] ||
  a.name.localeCompare(b.name) ||
  a.via.localeCompare(b.via) ||
  a.policyName.localeCompare(b.policyName);

export const collector = defineCollector<AdminAccessData>({
  meta,
  schema,
  async collect(ctx) {
    const iam = ctx.aws(IAMClient);
    // The three listings are the population: a failure there fails the run (thrown) rather than shrink it.
    const users = (await listAll(paginateListUsers({ client: iam }, {}), (p) => p.Users)).map((u) =>
      principal('user', u),
    );
    const groups = (await listAll(paginateListGroups({ client: iam }, {}), (p) => p.Groups)).map((g) =>
      principal('group', g),
    );
    const roles = (await listAll(paginateListRoles({ client: iam }, {}), (p) => p.Roles)).map((r) =>
      principal('role', r),
    );

    const members = await groupMembers(ctx, groups);
    const managed = new ManagedPolicyCache(ctx);
    const limit = pLimit(CONCURRENCY);
    const all = [...users, ...groups, ...roles];
    const policies = await Promise.all(
      all.map((p) => limit(() => principalPolicies(ctx, managed, p.type, p.name, p.arn))),
    );

    const admins: AdminGrant[] = [];
    all.forEach((p, i) => {
      for (const f of policies[i]!) {
        if (f.allowsAdmin !== true) continue;
        admins.push(grant(p, f.kind, f));
        if (p.type !== 'group') continue;
        for (const member of members.get(p.name) ?? []) admins.push(grant(member, `group:${p.name}`, f));
      }
    });

    const usersWithDirectPolicies = users
      .map((u, i) => ({
        name: u.name,
        arn: u.arn,
        attachedPolicies: policies[i]!.filter((f) => f.kind === 'attached')
          .map((f) => f.name)
          .sort(),
        inlinePolicies: policies[i]!.filter((f) => f.kind === 'inline')
          .map((f) => f.name)
          .sort(),
      }))
      .filter((u) => u.attachedPolicies.length + u.inlinePolicies.length > 0)
      .sort((a, b) => a.name.localeCompare(b.name));

    return {
      data: {
        counts: { users: users.length, groups: groups.length, roles: roles.length },
        admins: admins.sort(byKey),
        usersWithDirectPolicies,
      },
    };
  },
});
