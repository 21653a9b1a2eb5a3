import type { GroupDetail, RoleDetail, UserDetail } from '@aws-sdk/client-iam';
import { defineCollector } from '../../kernel/types.js';
import { authorizationDetails } from './authorization-details.js';
import { meta } from './meta.js';
import {
  judgeManagedPolicies,
  principalPolicies,
  type PolicyFact,
  type PrincipalType,
} from './principal-policies.js';
import { schema, type AdminAccessData, type AdminGrant } from './schema.js';

interface Principal {
  readonly type: PrincipalType;
  readonly name: string;
  readonly arn: string;
  readonly detail: UserDetail | GroupDetail | RoleDetail;
}
const user = (u: UserDetail): Principal => ({
  type: 'user',
  name: u.UserName ?? '',
  arn: u.Arn ?? '',
  detail: u,
});
const group = (g: GroupDetail): Principal => ({
  type: 'group',
  name: g.GroupName ?? '',
  arn: g.Arn ?? '',
  detail: g,
});
const role = (r: RoleDetail): Principal => ({
  type: 'role',
  name: r.RoleName ?? '',
  arn: r.Arn ?? '',
  detail: r,
});
const inlineOf = (d: Principal['detail']) =>
  'UserPolicyList' in d
    ? d.UserPolicyList
    : 'GroupPolicyList' in d
      ? d.GroupPolicyList
      : (d as RoleDetail).RolePolicyList;

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
    // One paginated listing holds every principal with its inline documents, attachments and group names.
    const details = await authorizationDetails(ctx);
    const users = details.users.map(user);
    const all = [...users, ...details.groups.map(group), ...details.roles.map(role)];

    const attachedArns = all.flatMap((p) =>
      (p.detail.AttachedManagedPolicies ?? []).map((a) => a.PolicyArn ?? ''),
    );
    const managed = await judgeManagedPolicies(ctx, attachedArns.filter(Boolean), details.localPolicies);
    const policies = await Promise.all(
      all.map((p) =>
        principalPolicies(ctx, p.arn, p.detail.AttachedManagedPolicies, inlineOf(p.detail), managed),
      ),
    );

    // Group members from each user's GroupList: no per-group call.
    const members = new Map<string, Principal[]>();
    for (const u of users) {
      for (const g of (u.detail as UserDetail).GroupList ?? [])
        members.set(g, [...(members.get(g) ?? []), u]);
    }

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
        counts: { users: users.length, groups: details.groups.length, roles: details.roles.length },
        admins: admins.sort(byKey),
        usersWithDirectPolicies,
      },
    };
  },
});
