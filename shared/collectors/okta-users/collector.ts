import pLimit from 'p-limit';
import { requireIdpExtra, type IdpExtras } from '../../sources/idp/extras.js';
import { createOktaClient, oktaIdentity, type OktaUser } from '../../sources/idp/okta.js';
import { normalizeEmail } from '../../sources/idp/transport.js';
import { defineCollector } from '../../kernel/types.js';
import { meta } from './meta.js';
import { schema, type OktaUserFact, type OktaUsersData } from './schema.js';

const DEPROVISIONED = 'status eq "DEPROVISIONED"';

/**
 * Lists every Okta user with their factors. Okta's default user listing leaves out DEPROVISIONED users, so
 * a second listing filtered on that status adds them (leavers are what access reviews look for). A user
 * whose factors cannot be read keeps `factors: null` and the failure goes to `errors`.
 */
export const collector = defineCollector<OktaUsersData, IdpExtras>({
  meta,
  schema,
  async collect(ctx) {
    const conn = requireIdpExtra(ctx, 'okta');
    if (ctx.provenance.identity === meta.source) ctx.provenance.setIdentity(oktaIdentity(conn.baseUrl));
    const okta = createOktaClient(conn, ctx.provenance);
    const byId = new Map<string, OktaUser>();
    for (const u of await okta.listUsers()) byId.set(u.id, u);
    for (const u of await okta.listUsers(DEPROVISIONED)) byId.set(u.id, u);
    ctx.provenance.note(
      `Okta's default user listing omits DEPROVISIONED users; they were listed with filter=${DEPROVISIONED}.`,
    );

    const limit = pLimit(4);
    const users = await Promise.all(
      [...byId.values()].map((u) =>
        limit(async (): Promise<OktaUserFact> => {
          const factors = await ctx.tryResource(u.id, 'GET /api/v1/users/{id}/factors', () =>
            okta.listFactors(u.id),
          );
          return {
            id: u.id,
            login: normalizeEmail(u.profile.login) ?? u.profile.login,
            email: normalizeEmail(u.profile.email),
            status: u.status,
            statusChanged: u.statusChanged ?? null,
            lastLogin: u.lastLogin ?? null,
            created: u.created,
            factors:
              factors?.map((f) => ({
                id: f.id,
                factorType: f.factorType,
                provider: f.provider,
                status: f.status,
              })) ?? null,
          };
        }),
      ),
    );
    users.sort((a, b) => a.id.localeCompare(b.id));
    return { data: { users } };
  },
});
