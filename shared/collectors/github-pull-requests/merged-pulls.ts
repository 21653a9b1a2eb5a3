import type { GitHubClient } from '../../sources/github/client.js';

/** A merged pull request from the listing, reduced to what the collector reads. */
export interface MergedPull {
  readonly number: number;
  readonly author: string | null;
  readonly baseRef: string;
  readonly mergedAt: string;
  readonly mergeCommitSha: string | null;
  /** The PR's last head commit: approvals count only on it. */
  readonly headSha: string;
}

/**
 * Pull requests merged into `base` in [since, until]. Lists closed PRs into `base` by `updated_at` descending
 * and stops at the first PR updated before `since`: a PR merged in the window was updated at or after its
 * merge, so nothing older can qualify. One request per 100 closed PRs, per repository.
 *
 * Why not the search API (`is:pr is:merged base:X merged:>=since org:Y`): it is capped at 1,000 results per
 * query (the window would have to be sliced), limited to 30 requests a minute (the throttling plugin spaces
 * them 2 s apart), and `base:` cannot say "each repository's own default branch". Per-repository listing
 * costs one request per repository more, but is exact and is not rate-starved.
 */
export async function mergedPulls(
  octokit: GitHubClient,
  owner: string,
  repo: string,
  base: string,
  since: string,
  until: string,
): Promise<MergedPull[]> {
  const from = Date.parse(since);
  const to = Date.parse(until);
  const out: MergedPull[] = [];
  const pages = octokit.paginate.iterator(octokit.rest.pulls.list, {
    owner,
    repo,
    state: 'closed',
    base,
    sort: 'updated',
    direction: 'desc',
    per_page: 100,
  });
  listing: for await (const { data } of pages) {
    for (const pr of data) {
      if (Date.parse(pr.updated_at) < from) break listing;
      if (!pr.merged_at) continue;
      const merged = Date.parse(pr.merged_at);
      if (merged < from || merged > to) continue;
      out.push({
        number: pr.number,
        author: pr.user?.login ?? null,
        baseRef: pr.base.ref,
        mergedAt: pr.merged_at,
        mergeCommitSha: pr.merge_commit_sha,
        headSha: pr.head.sha,
      });
    }
  }
  return out.sort((a, b) => a.number - b.number);
}
