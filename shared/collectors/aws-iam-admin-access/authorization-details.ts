import {
  IAMClient,
  paginateGetAccountAuthorizationDetails,
  type GroupDetail,
  type ManagedPolicyDetail,
  type RoleDetail,
  type UserDetail,
} from '@aws-sdk/client-iam';
import type { CollectorContext } from '../../kernel/types.js';

/** The provenance name of the one listing call; also the operation inline-policy errors are recorded under. */
export const DETAILS_OP = 'GetAccountAuthorizationDetails';

/** Everything IAM says about the account's principals and customer managed policies, from every page. */
export interface AuthorizationDetails {
  readonly users: UserDetail[];
  readonly groups: GroupDetail[];
  readonly roles: RoleDetail[];
  /** Customer managed policies with all their versions (documents included). */
  readonly localPolicies: ManagedPolicyDetail[];
}

/**
 * Reads users (inline, attached, group names), groups, roles and customer managed policies in one paginated
 * listing. AWS managed policies are left out on purpose: asking for them pages through ~1,500 documents
 * (5 MB) when an account attaches a handful; those are judged one by one instead. A failed page throws: the
 * listing is the population, so it fails the run rather than shrink it.
 */
export async function authorizationDetails(ctx: CollectorContext): Promise<AuthorizationDetails> {
  const out = { users: [], groups: [], roles: [], localPolicies: [] } as {
    users: UserDetail[];
    groups: GroupDetail[];
    roles: RoleDetail[];
    localPolicies: ManagedPolicyDetail[];
  };
  const pages = paginateGetAccountAuthorizationDetails(
    // IAM's maximum page; the default (100) would triple the calls for a large account.
    { client: ctx.aws(IAMClient), pageSize: 1000 },
    { Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy'] },
  );
  for await (const page of pages) {
    out.users.push(...(page.UserDetailList ?? []));
    out.groups.push(...(page.GroupDetailList ?? []));
    out.roles.push(...(page.RoleDetailList ?? []));
    out.localPolicies.push(...(page.Policies ?? []));
  }
  return out;
}
