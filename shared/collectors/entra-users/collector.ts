import { IdpHttpError } from '../../sources/idp/errors.js';
import { requireIdpExtra, type IdpExtras } from '../../sources/idp/extras.js';
import {
  createGraphClient,
  entraIdentity,
  type GraphClient,
  type GraphUser,
} from '../../sources/idp/graph.js';
import { normalizeEmail } from '../../sources/idp/transport.js';
import { defineCollector, type CollectorContext } from '../../kernel/types.js';
import { meta } from './meta.js';
import { schema, type EntraUsersData } from './schema.js';

const SELECT = ['id', 'userPrincipalName', 'mail', 'accountEnabled', 'userType', 'createdDateTime'];

/**
 * Lists every Entra user (with sign-in activity when the tenant has P1), joins the authentication-methods
 * registration report by user id, and lists soft-deleted users with their deletion time.
 */
export const collector = defineCollector<EntraUsersData, IdpExtras>({
  meta,
  schema,
  async collect(ctx) {
    const conn = requireIdpExtra(ctx, 'entra');
    if (ctx.provenance.identity === meta.source)
      ctx.provenance.setIdentity(entraIdentity(conn.tenantId, conn.clientId));
    const graph = createGraphClient(conn, ctx.provenance);
    const { users, signInActivityAvailable } = await listUsers(graph, ctx);
    const registrations = await ctx.tryResource(
      'userRegistrationDetails',
      'GET /v1.0/reports/authenticationMethods/userRegistrationDetails',
      () => graph.listRegistrationDetails(),
    );
    const mfaById = new Map((registrations ?? []).map((r) => [r.id, r]));
    const deleted = await ctx.tryResource(
      'deletedUsers',
      'GET /v1.0/directory/deletedItems/microsoft.graph.user',
      () => graph.listDeletedUsers(),
    );
    return {
      data: {
        signInActivityAvailable,
        users: users
          .map((u) => {
            const r = mfaById.get(u.id);
            return {
              id: u.id,
              userPrincipalName: normalizeEmail(u.userPrincipalName) ?? u.userPrincipalName,
              email: normalizeEmail(u.mail),
              accountEnabled: u.accountEnabled ?? null,
              userType: u.userType ?? null,
              created: u.createdDateTime ?? null,
              lastSignIn: u.signInActivity?.lastSignInDateTime ?? null,
              lastNonInteractiveSignIn: u.signInActivity?.lastNonInteractiveSignInDateTime ?? null,
              mfa: r
                ? {
                    registered: r.isMfaRegistered,
                    capable: r.isMfaCapable,
                    methods: [...r.methodsRegistered].sort(),
                  }
                : null,
              isAdmin: r ? r.isAdmin : null,
            };
          })
          .sort((a, b) => a.id.localeCompare(b.id)),
        deletedUsers:
          deleted
            ?.map((u) => ({
              id: u.id,
              userPrincipalName: normalizeEmail(u.userPrincipalName),
              email: normalizeEmail(u.mail),
              deletedAt: u.deletedDateTime ?? null,
            }))
            .sort((a, b) => a.id.localeCompare(b.id)) ?? null,
      },
    };
  },
});

/** Lists users with signInActivity; a tenant without Entra ID P1 refuses that field, so list without it. */
async function listUsers(
  graph: GraphClient,
  ctx: CollectorContext,
): Promise<{ users: GraphUser[]; signInActivityAvailable: boolean }> {
  try {
    return { users: await graph.listUsers([...SELECT, 'signInActivity']), signInActivityAvailable: true };
  } catch (err) {
    if (!(err instanceof IdpHttpError && err.status === 403 && /NonPremiumTenant/i.test(err.summary)))
      throw err;
    ctx.provenance.note(
      'signInActivity needs Entra ID P1: the tenant refused it, so users were listed without sign-in dates.',
    );
    return { users: await graph.listUsers(SELECT), signInActivityAvailable: false };
  }
}
