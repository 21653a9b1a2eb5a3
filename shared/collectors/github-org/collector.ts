import { githubRun, type GitHubExtras } from '../../sources/github/extras.js';
import { allSettledOrThrow } from '../../sources/github/settle.js';
import { defineCollector } from '../../kernel/types.js';
import { meta } from './meta.js';
import { schema, type GitHubOrgData } from './schema.js';

const byLogin = (a: string, b: string) => a.localeCompare(b);

export const collector = defineCollector<GitHubOrgData, GitHubExtras>({
  meta,
  schema,
  async collect(ctx) {
    const { octokit, org } = githubRun(ctx);
    const members = (role: 'admin' | 'member') =>
      octokit.paginate(octokit.rest.orgs.listMembers, { org, role, per_page: 100 });
    const [{ data: settings }, admins, plain, outside] = await allSettledOrThrow([
      octokit.rest.orgs.get({ org }),
      members('admin'),
      members('member'),
      octokit.paginate(octokit.rest.orgs.listOutsideCollaborators, { org, per_page: 100 }),
    ]);
    // Owner-only filters: a 403/422 is recorded as an error and the list is null, never an empty "all have 2FA".
    const [no2fa, outsideNo2fa] = await allSettledOrThrow([
      ctx.tryResource(org, 'GET /orgs/{org}/members?filter=2fa_disabled', () =>
        octokit.paginate(octokit.rest.orgs.listMembers, { org, filter: '2fa_disabled', per_page: 100 }),
      ),
      ctx.tryResource(org, 'GET /orgs/{org}/outside_collaborators?filter=2fa_disabled', () =>
        octokit.paginate(octokit.rest.orgs.listOutsideCollaborators, {
          org,
          filter: '2fa_disabled',
          per_page: 100,
        }),
      ),
    ]);
    const twoFactor = settings.two_factor_requirement_enabled ?? null;
    if (twoFactor === null)
      ctx.provenance.note(
        'two_factor_requirement_enabled was not in GET /orgs/{org}: it is shown to owners only',
      );
    return {
      data: {
        org,
        twoFactorRequirementEnabled: twoFactor,
        defaultRepositoryPermission: settings.default_repository_permission ?? null,
        members: [
          ...admins.map((u) => ({ login: u.login, role: 'admin' as const })),
          ...plain.map((u) => ({ login: u.login, role: 'member' as const })),
        ].sort((a, b) => byLogin(a.login, b.login)),
        outsideCollaborators: outside
          .map((u) => ({ login: u.login }))
          .sort((a, b) => byLogin(a.login, b.login)),
        membersWithout2fa: no2fa ? no2fa.map((u) => u.login).sort(byLogin) : null,
        outsideCollaboratorsWithout2fa: outsideNo2fa ? outsideNo2fa.map((u) => u.login).sort(byLogin) : null,
      },
    };
  },
});
