import type { GitHubReposData, GitHubRepository } from '../collectors/github-repos/schema.js';
import { DEFAULT_THRESHOLDS, defineRule, outcome } from './types.js';

/**
 * What is missing from a repository's default-branch protection (classic protection and rulesets combined).
 * Administrators: classic protection binds them only with `enforce_admins`; rulesets bind them unless they are
 * listed as bypass actors, which the branch-rules API does not show, so ruleset-only protection is taken as binding.
 */
function protectionGaps(
  repo: GitHubRepository,
  requiredApprovals = DEFAULT_THRESHOLDS.requiredApprovals,
): string[] {
  const r = repo.defaultBranchRules;
  if (!r) return ['default-branch protection could not be read'];
  const reviews = Math.max(
    r.classic?.requiredApprovingReviewCount ?? 0,
    r.rulesets.requiredApprovingReviewCount ?? 0,
  );
  const gaps: string[] = [];
  if (reviews < 1) gaps.push('no required approving review');
  else if (reviews < requiredApprovals)
    gaps.push(`${reviews} required approving review(s), fewer than ${requiredApprovals}`);
  if (reviews >= 1 && !(r.classic?.dismissStaleReviews || r.rulesets.dismissStaleReviewsOnPush))
    gaps.push('approvals survive new commits (stale reviews not dismissed)');
  if (r.classic && !r.classic.enforceAdmins) gaps.push('administrators can bypass (enforce_admins off)');
  if (!((r.classic && !r.classic.allowForcePushes) || r.rulesets.nonFastForwardBlocked))
    gaps.push('force pushes allowed');
  if (!((r.classic && !r.classic.allowDeletions) || r.rulesets.deletionBlocked))
    gaps.push('deletion allowed');
  return gaps;
}

/**
 * The default branch of every non-archived repository requires the configured number of approving reviews (1 by
 * default, `rules.requiredApprovals`), dismisses approvals when new commits are pushed, binds administrators, and
 * blocks force pushes and deletion, through classic protection or rulesets (either source counts). These are the
 * properties of Prowler's repository_default_branch_* checks and the CIS GitHub Benchmark's branch-protection section.
 */
export const rule = defineRule<GitHubReposData>({
  id: 'github-repo-default-branch-protected',
  version: '2.0.0',
  collector: 'github-repos',
  controls: ['CHG-01'],
  title: 'Default branches require fresh reviews, bind admins and block force pushes and deletion',
  benchmarks: {
    prowler: [
      'repository_default_branch_requires_multiple_approvals',
      'repository_default_branch_dismisses_stale_reviews',
      'repository_default_branch_protection_applies_to_admins',
      'repository_default_branch_disallows_force_push',
      'repository_default_branch_deletion_disabled',
    ],
  },
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as GitHubReposData).repositories),
  evaluate({ repositories }, { thresholds }) {
    const live = repositories.filter((r) => !r.archived);
    if (live.length === 0) return outcome.notApplicable('no non-archived repository');
    const failing = live.flatMap((r) => {
      const gaps = protectionGaps(r, thresholds.requiredApprovals);
      return gaps.length ? [{ resource: r.fullName, reason: `${r.defaultBranch}: ${gaps.join(', ')}` }] : [];
    });
    return outcome.of(
      failing,
      `all ${live.length} non-archived repositories protect their default branch`,
      `${failing.length} of ${live.length} non-archived repositories leave their default branch unprotected`,
    );
  },
});
