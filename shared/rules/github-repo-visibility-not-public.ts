import type { GitHubReposData } from '../collectors/github-repos/schema.js';
import { defineRule, outcome } from './types.js';

/**
 * No repository is public unless the configuration names it as meant to be public (`rules.publicRepositories`):
 * a public repository is data published to everyone, so DAT-01 fails on it, never "not applicable". Archived
 * repositories count too: their content stays readable.
 */
export const rule = defineRule<GitHubReposData>({
  id: 'github-repo-visibility-not-public',
  version: '1.0.0',
  collector: 'github-repos',
  controls: ['DAT-01'],
  title: 'No repository is unintentionally public',
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as GitHubReposData).repositories),
  evaluate({ repositories }, { thresholds }) {
    if (repositories.length === 0) return outcome.notApplicable('the organization has no repository');
    const intended = new Set(thresholds.publicRepositories);
    const isIntended = (r: { name: string; fullName: string }) =>
      intended.has(r.fullName) || intended.has(r.name);
    const open = repositories.filter((r) => r.visibility === 'public');
    const failing = open
      .filter((r) => !isIntended(r))
      .map((r) => ({ resource: r.fullName, reason: 'public, and not listed in rules.publicRepositories' }));
    const allowed = open.length - failing.length;
    return outcome.of(
      failing,
      allowed
        ? `none of ${repositories.length} repositories is public except ${allowed} listed as intended`
        : `none of ${repositories.length} repositories is public`,
      `${failing.length} of ${repositories.length} repositories are public without being listed as intended`,
    );
  },
});
