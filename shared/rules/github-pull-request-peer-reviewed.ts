import type { GitHubPullRequestsData } from '../collectors/github-pull-requests/schema.js';
import { defineRule, outcome } from './types.js';

/**
 * Every pull request merged in the period had an approval of its last commit by someone other than its author in
 * force at merge time: an approval given before later commits did not review what was merged.
 * A repository whose listing failed leaves the population unknown: the data cannot judge it (UNKNOWN).
 */
export const rule = defineRule<GitHubPullRequestsData>({
  id: 'github-pull-request-peer-reviewed',
  version: '2.0.0',
  collector: 'github-pull-requests',
  controls: ['CHG-05'],
  title: 'Merged pull requests were approved by someone other than the author',
  accepts: (d) => {
    const o = d as GitHubPullRequestsData;
    return (
      typeof o === 'object' &&
      o !== null &&
      Array.isArray(o.pullRequests) &&
      Array.isArray(o.repositories) &&
      o.repositories.every((r) => r.mergedPullRequests !== null)
    );
  },
  evaluate({ pullRequests, repositories, since, until }) {
    const period = `merged ${since.slice(0, 10)} to ${until.slice(0, 10)}`;
    // Commits pushed to a default branch without a pull request were reviewed by no one.
    const pushed = repositories.flatMap((r) =>
      (r.directCommits ?? []).map((c) => ({
        resource: `${r.fullName}@${c.sha.slice(0, 12)}`,
        reason: `pushed to ${r.defaultBranch} at ${c.committedAt} by ${c.author ?? 'an unknown author'} without a merged pull request`,
      })),
    );
    if (pullRequests.length === 0 && pushed.length === 0)
      return outcome.notApplicable(`no pull request ${period}`);
    const failing = pullRequests
      .filter((p) => p.approvedByOther !== true)
      .map((p) => ({
        resource: `${p.repository}#${p.number}`,
        reason:
          p.approvedByOther === null
            ? 'reviews could not be read'
            : p.staleApprovers?.some((a) => a !== p.author)
              ? `merged ${p.mergedAt}; approved only before its last commit (by ${p.staleApprovers.join(', ')})`
              : `merged ${p.mergedAt} without an approval by someone other than ${p.author ?? 'the (deleted) author'}`,
      }));
    if (pushed.length)
      return outcome.fail(
        `${pushed.length} commit(s) reached a default branch without a merged pull request` +
          (failing.length
            ? `; ${failing.length} of ${pullRequests.length} pull requests ${period} lack a peer approval`
            : ''),
        [...failing, ...pushed],
      );
    return outcome.of(
      failing,
      `all ${pullRequests.length} pull requests ${period} were peer-approved`,
      `${failing.length} of ${pullRequests.length} pull requests ${period} lack a peer approval`,
    );
  },
});
