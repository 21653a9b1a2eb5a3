import {
  IdentitystoreClient,
  paginateListGroupMemberships,
  paginateListGroups,
  paginateListUsers,
  type Group,
  type User,
} from '@aws-sdk/client-identitystore';
import pLimit from 'p-limit';
import { requireIdpExtra, type IdpExtras } from '../../sources/idp/extras.js';
import { normalizeEmail } from '../../sources/idp/transport.js';
import { defineCollector, requestedPageSize } from '../../kernel/types.js';
import { meta } from './meta.js';
import { IDENTITY_CENTER_MFA_REASON, schema, type IdentityCenterUsersData } from './schema.js';

/**
 * Lists the identity store's users, groups and group memberships. MFA is reported as UNKNOWN with a reason
 * for every user: the MFA devices of Identity Center users are not readable through any public API.
 * `ctx.extras.pageSize` (tests) sets the paginators' page size.
 */
export const collector = defineCollector<IdentityCenterUsersData, IdpExtras>({
  meta,
  schema,
  async collect(ctx) {
    const { identityStoreId, region } = requireIdpExtra(ctx, 'identityCenter');
    const client = ctx.aws(IdentitystoreClient, region);
    const pageSize = requestedPageSize(ctx);
    const cfg = { client, ...(pageSize ? { pageSize } : {}) };

    const users: User[] = [];
    for await (const page of paginateListUsers(cfg, { IdentityStoreId: identityStoreId }))
      users.push(...(page.Users ?? []));
    const groups: Group[] = [];
    for await (const page of paginateListGroups(cfg, { IdentityStoreId: identityStoreId }))
      groups.push(...(page.Groups ?? []));

    const limit = pLimit(4);
    const members = await Promise.all(
      groups.map((g) =>
        limit(() =>
          ctx.tryResource(g.GroupId ?? 'unknown-group', 'ListGroupMemberships', async () => {
            const ids: string[] = [];
            for await (const page of paginateListGroupMemberships(cfg, {
              IdentityStoreId: identityStoreId,
              GroupId: g.GroupId,
            })) {
              for (const m of page.GroupMemberships ?? [])
                if (m.MemberId && 'UserId' in m.MemberId && m.MemberId.UserId) ids.push(m.MemberId.UserId);
            }
            return ids.sort();
          }),
        ),
      ),
    );
    const groupsOf = new Map<string, string[]>();
    groups.forEach((g, i) => {
      for (const userId of members[i] ?? [])
        groupsOf.set(userId, [...(groupsOf.get(userId) ?? []), g.GroupId!]);
    });

    return {
      data: {
        identityStoreId,
        region,
        users: users
          .map((u) => ({
            // Missing ids stay undefined so the schema turns them into InvalidSourceData.
            id: u.UserId as string,
            userName: u.UserName as string,
            email: normalizeEmail((u.Emails?.find((e) => e.Primary) ?? u.Emails?.[0])?.Value),
            status: u.UserStatus ?? null,
            groupIds: (groupsOf.get(u.UserId ?? '') ?? []).sort(),
            mfa: { status: 'UNKNOWN' as const, reason: IDENTITY_CENTER_MFA_REASON },
          }))
          .sort((a, b) => String(a.id).localeCompare(String(b.id))),
        groups: groups
          .map((g, i) => ({
            id: g.GroupId as string,
            displayName: g.DisplayName ?? null,
            memberUserIds: members[i] ?? null,
          }))
          .sort((a, b) => String(a.id).localeCompare(String(b.id))),
      },
    };
  },
});
