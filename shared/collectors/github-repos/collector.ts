import pLimit from 'p-limit';
import { readBranchRules } from '../../sources/github/branch-rules.js';
import { githubRun, type GitHubExtras } from '../../sources/github/extras.js';
import { defineCollector } from '../../kernel/types.js';
import { meta } from './meta.js';
import { schema, type GitHubRepository, type GitHubReposData } from './schema.js';

/** Repositories whose rules are read at once (the throttling plugin also caps requests in flight). */
const CONCURRENCY = 8;

const visibilityOf = (r: { visibility?: string; private: boolean }): GitHubRepository['visibility'] =>
  r.visibility === 'internal' || r.visibility === 'public' || r.visibility === 'private'
    ? r.visibility
    : r.private
      ? 'private'
      : 'public';

export const collector = defineCollector<GitHubReposData, GitHubExtras>({
  meta,
  schema,
  async collect(ctx) {
    const { octokit, org } = githubRun(ctx);
    const repos = await octokit.paginate(octokit.rest.repos.listForOrg, { org, type: 'all', per_page: 100 });
    const limit = pLimit(CONCURRENCY);
    let hidden = 0;
    const repositories = await Promise.all(
      repos.map((r) =>
        limit(async (): Promise<GitHubRepository> => {
          const defaultBranch = r.default_branch ?? 'main';
          // A 403 on one repository is recorded against it; the rest of the org is still collected.
          const rules = await ctx.tryResource(
            r.full_name,
            'GET /repos/{owner}/{repo}/branches/{branch}/protection+rules',
            () => readBranchRules(octokit, org, r.name, defaultBranch),
          );
          const sa = r.security_and_analysis;
          if (!sa) hidden += 1;
          return {
            name: r.name,
            fullName: r.full_name,
            visibility: visibilityOf(r),
            archived: r.archived ?? false,
            fork: r.fork,
            defaultBranch,
            defaultBranchRules: rules ?? null,
            securityAndAnalysis: sa
              ? {
                  secretScanning: sa.secret_scanning?.status ?? null,
                  secretScanningPushProtection: sa.secret_scanning_push_protection?.status ?? null,
                  dependabotSecurityUpdates: sa.dependabot_security_updates?.status ?? null,
                }
              : null,
          };
        }),
      ),
    );
    if (hidden)
      ctx.provenance.note(
        `${hidden} repositories came without security_and_analysis (shown to repository admins only)`,
      );
    repositories.sort((a, b) => a.fullName.localeCompare(b.fullName));
    return { data: { org, repositories } };
  },
});
