import pLimit from 'p-limit';
import { readBranchRules, requiredChecksOf } from '../../sources/github/branch-rules.js';
import { githubRun, type GitHubExtras } from '../../sources/github/extras.js';
import { defineCollector } from '../../kernel/types.js';
import { approvalsAtMerge } from './approvals.js';
import { requiredCheckStates } from './checks.js';
import { directCommits } from './direct-commits.js';
import { mergedPulls } from './merged-pulls.js';
import { meta } from './meta.js';
import { schema, type GitHubPullRequestsData, type PullRequestFacts } from './schema.js';

/** Default population window when the run gives no `since` (the configuration's default lookback). */
const DEFAULT_LOOKBACK_DAYS = 30;
/** Repositories listed at once, and per-PR requests at once (the throttling plugin caps requests in flight too). */
const REPO_CONCURRENCY = 4;
const PR_CONCURRENCY = 10;

export const collector = defineCollector<GitHubPullRequestsData, GitHubExtras>({
  meta,
  schema,
  async collect(ctx) {
    const { octokit, org, since: given } = githubRun(ctx);
    const until = ctx.now().toISOString();
    const since = given
      ? new Date(given).toISOString()
      : new Date(Date.parse(until) - DEFAULT_LOOKBACK_DAYS * 86_400_000).toISOString();
    if (!given) ctx.provenance.note(`no since given: the window is the last ${DEFAULT_LOOKBACK_DAYS} days`);
    ctx.provenance.note(
      'required checks are those of the default branch at collection time (classic protection + rulesets); their state is read at the merge commit from check runs, and from commit statuses only when a required check has no check run',
    );

    const repos = await octokit.paginate(octokit.rest.repos.listForOrg, { org, type: 'all', per_page: 100 });
    const repoLimit = pLimit(REPO_CONCURRENCY);
    const prLimit = pLimit(PR_CONCURRENCY);
    const repositories: GitHubPullRequestsData['repositories'] = [];
    const pullRequests: PullRequestFacts[] = [];

    await Promise.all(
      repos.map((r) =>
        repoLimit(async () => {
          const base = r.default_branch ?? 'main';
          const [rules, pulls] = await Promise.all([
            ctx.tryResource(r.full_name, 'GET /repos/{owner}/{repo}/branches/{branch}/protection+rules', () =>
              readBranchRules(octokit, org, r.name, base),
            ),
            ctx.tryResource(r.full_name, 'GET /repos/{owner}/{repo}/pulls', () =>
              mergedPulls(octokit, org, r.name, base, since, until),
            ),
          ]);
          const required = rules ? requiredChecksOf(rules) : null;
          const history = pulls
            ? await ctx.tryResource(r.full_name, 'GET /repos/{owner}/{repo}/commits', () =>
                directCommits(octokit, org, r.name, base, since, until, pulls),
              )
            : undefined;
          repositories.push({
            fullName: r.full_name,
            defaultBranch: base,
            requiredChecks: required,
            mergedPullRequests: pulls?.length ?? null,
            defaultBranchCommits: history?.commits ?? null,
            directCommits: history?.direct ?? null,
          });
          const facts = await Promise.all(
            (pulls ?? []).map((pr) =>
              prLimit(async (): Promise<PullRequestFacts> => {
                const id = `${r.full_name}#${pr.number}`;
                const [reviews, checks] = await Promise.all([
                  ctx.tryResource(id, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', () =>
                    octokit.paginate(octokit.rest.pulls.listReviews, {
                      owner: org,
                      repo: r.name,
                      pull_number: pr.number,
                      per_page: 100,
                    }),
                  ),
                  required && pr.mergeCommitSha
                    ? ctx.tryResource(id, 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs', () =>
                        requiredCheckStates(octokit, org, r.name, pr.mergeCommitSha!, required),
                      )
                    : Promise.resolve(undefined),
                ]);
                const { headSha, ...facts } = pr;
                const approvals = reviews ? approvalsAtMerge(reviews, pr.mergedAt, pr.author, headSha) : null;
                return {
                  repository: r.full_name,
                  ...facts,
                  headSha,
                  approvers: approvals?.approvers ?? null,
                  staleApprovers: approvals?.staleApprovers ?? null,
                  approvedByOther: approvals?.approvedByOther ?? null,
                  checks: checks ?? null,
                };
              }),
            ),
          );
          pullRequests.push(...facts);
        }),
      ),
    );
    repositories.sort((a, b) => a.fullName.localeCompare(b.fullName));
    pullRequests.sort((a, b) => a.repository.localeCompare(b.repository) || a.number - b.number);
    return { data: { org, since, until, repositories, pullRequests } };
  },
});
