import type { GitHubClient } from '../../sources/github/client.js';
import type { MergedPull } from './merged-pulls.js';

/** A commit on the default branch that no merged pull request contains. */
export interface DirectCommit {
  readonly sha: string;
  /** GitHub login of the author; null when the commit's email maps to no account. */
  readonly author: string | null;
  readonly committedAt: string;
}

/**
 * The default branch's commits in [since, until] that no merged pull request into it contains. A commit that is a
 * merged PR's merge commit is covered at once; any other is looked up with "pull requests associated with a
 * commit" (one request each: with squash merges that is only the direct pushes; merge-commit repositories also
 * look up the PR branches' commits).
 */
export async function directCommits(
  octokit: GitHubClient,
  owner: string,
  repo: string,
  base: string,
  since: string,
  until: string,
  merged: readonly MergedPull[],
): Promise<{ commits: number; direct: DirectCommit[] }> {
  const covered = new Set(merged.flatMap((p) => (p.mergeCommitSha ? [p.mergeCommitSha] : [])));
  const commits = await octokit.paginate(octokit.rest.repos.listCommits, {
    owner,
    repo,
    sha: base,
    since,
    until,
    per_page: 100,
  });
  const direct: DirectCommit[] = [];
  for (const c of commits) {
    if (covered.has(c.sha)) continue;
    const pulls = await octokit.paginate(octokit.rest.repos.listPullRequestsAssociatedWithCommit, {
      owner,
      repo,
      commit_sha: c.sha,
      per_page: 100,
    });
    if (pulls.some((p) => p.merged_at && p.base.ref === base)) continue;
    direct.push({
      sha: c.sha,
      author: c.author && 'login' in c.author ? c.author.login : null,
      committedAt: c.commit.committer?.date ?? c.commit.author?.date ?? until,
    });
  }
  return {
    commits: commits.length,
    direct: direct.sort((a, b) => a.committedAt.localeCompare(b.committedAt)),
  };
}
