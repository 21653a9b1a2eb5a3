import type { GitHubClient } from '../../sources/github/client.js';
import type { CheckState, PullRequestFacts } from './schema.js';

type Checks = NonNullable<PullRequestFacts['checks']>;

/**
 * State of each required check at `sha`. Cheapest accurate order: the check-runs listing (one request for up
 * to 100 runs; GitHub Actions and most CI apps report there); only when a required check has no run, the
 * combined commit status (one more request; legacy CI posts statuses). No required checks: no request.
 */
export async function requiredCheckStates(
  octokit: GitHubClient,
  owner: string,
  repo: string,
  sha: string,
  required: readonly string[],
): Promise<Checks> {
  if (required.length === 0) return { sha, sources: [], required: [] };
  const runs = await octokit.paginate(octokit.rest.checks.listForRef, {
    owner,
    repo,
    ref: sha,
    per_page: 100,
    filter: 'latest',
  });
  const byName = new Map<string, CheckState>();
  for (const run of runs) {
    byName.set(
      run.name,
      run.status === 'completed' ? ((run.conclusion ?? 'pending') as CheckState) : 'pending',
    );
  }
  const sources: Checks['sources'] = ['check-runs'];
  if (required.some((name) => !byName.has(name))) {
    sources.push('statuses');
    const { data } = await octokit.rest.repos.getCombinedStatusForRef({
      owner,
      repo,
      ref: sha,
      per_page: 100,
    });
    // The combined status holds the latest status per context.
    for (const s of data.statuses) if (!byName.has(s.context)) byName.set(s.context, s.state as CheckState);
    if (data.total_count > data.statuses.length) {
      throw Object.assign(
        new Error(
          `combined status of ${owner}/${repo}@${sha} has ${data.total_count} contexts; more than one page`,
        ),
        { name: 'IncompleteStatuses' },
      );
    }
  }
  return { sha, sources, required: required.map((name) => ({ name, state: byName.get(name) ?? 'missing' })) };
}
