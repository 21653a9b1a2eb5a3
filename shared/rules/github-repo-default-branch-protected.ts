import type { GitHubReposData, GitHubRepository } from '../collectors/github-repos/schema.js';
import { defineRule, outcome } from './types.js';

/** What is missing from a repository's default-branch protection (classic protection and rulesets combined). */
export function protectionGaps(repo: GitHubRepository): string[] {
  const r = repo.defaultBranchRules;
  if (!r) return ['default-branch protection could not be read'];
  const reviews = Math.max(
    r.classic?.requiredApprovingReviewCount ?? 0,
    r.rulesets.requiredApprovingReviewCount ?? 0,
  );
  const gaps: string[] = [];
  if (reviews < 1) gaps.push('no required approving review');
  if (!((r.classic && !r.classic.allowForcePushes) || r.rulesets.nonFastForwardBlocked))
    gaps.push('force pushes allowed');
  if (!((r.classic && !r.classic.allowDeletions) || r.rulesets.deletionBlocked))
    gaps.push('deletion allowed');
  return gaps;
}

/**
 * The default branch of every non-archived repository requires at least one approving review and blocks force
 * pushes and deletion, through classic protection or rulesets (either source counts).
 */
export const rule = defineRule<GitHubReposData>({
  id: 'github-repo-default-branch-protected',
  version: '1.0.0',
  collector: 'github-repos',
  controls: ['CHG-01'],
  title: 'Default branches require a review and block force pushes and deletion',
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as GitHubReposData).repositories),
  evaluate({ repositories }) {
    const live = repositories.filter((r) => !r.archived);
    if (live.length === 0) return outcome.notApplicable('no non-archived repository');
    const failing = live.flatMap((r) => {
      const gaps = protectionGaps(r);
      return gaps.length ? [{ resource: r.fullName, reason: `${r.defaultBranch}: ${gaps.join(', ')}` }] : [];
    });
    return outcome.of(
      failing,
      `all ${live.length} non-archived repositories protect their default branch`,
      `${failing.length} of ${live.length} non-archived repositories leave their default branch unprotected`,
    );
  },
});
