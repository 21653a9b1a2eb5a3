import { requireIdpExtra, type IdpExtras } from '../../sources/idp/extras.js';
import { createGoogleDirectoryClient, googleIdentity, type GoogleUser } from '../../sources/idp/google.js';
import { normalizeEmail } from '../../sources/idp/transport.js';
import { defineCollector } from '../../kernel/types.js';
import { meta } from './meta.js';
import { schema, type GoogleUserFact, type GoogleWorkspaceUsersData } from './schema.js';

/** The Directory's "never signed in" value. */
const EPOCH = /^1970-01-01T00:00:00(\.0+)?Z$/;

/**
 * Lists every Google Workspace user (Admin SDK Directory, `projection=full`) and the recently deleted ones,
 * through a service account with domain-wide delegation acting as the configured admin.
 */
export const collector = defineCollector<GoogleWorkspaceUsersData, IdpExtras>({
  meta,
  schema,
  async collect(ctx) {
    const conn = requireIdpExtra(ctx, 'googleWorkspace');
    if (ctx.provenance.identity === meta.source) {
      ctx.provenance.setIdentity(googleIdentity((await conn.serviceAccount()).client_email, conn.adminEmail));
    }
    const directory = await createGoogleDirectoryClient(conn, ctx.provenance);
    const users = (await directory.listUsers()).map(toFact).sort((a, b) => a.id.localeCompare(b.id));
    const deleted = await ctx.tryResource(
      'deletedUsers',
      'GET /admin/directory/v1/users?showDeleted=true',
      () => directory.listUsers(true),
    );
    return {
      data: {
        users,
        deletedUsers:
          deleted
            ?.map((u) => ({
              id: u.id,
              primaryEmail: normalizeEmail(u.primaryEmail) ?? u.primaryEmail,
              deletedAt: u.deletionTime ?? null,
            }))
            .sort((a, b) => a.id.localeCompare(b.id)) ?? null,
      },
    };
  },
});

function toFact(u: GoogleUser): GoogleUserFact {
  return {
    id: u.id,
    primaryEmail: normalizeEmail(u.primaryEmail) ?? u.primaryEmail,
    suspended: u.suspended ?? null,
    archived: u.archived ?? null,
    isAdmin: u.isAdmin ?? null,
    isDelegatedAdmin: u.isDelegatedAdmin ?? null,
    isEnrolledIn2Sv: u.isEnrolledIn2Sv ?? null,
    isEnforcedIn2Sv: u.isEnforcedIn2Sv ?? null,
    created: u.creationTime ?? null,
    lastLogin: u.lastLoginTime && !EPOCH.test(u.lastLoginTime) ? u.lastLoginTime : null,
  };
}
