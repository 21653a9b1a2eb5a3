import type { GitHubReposData } from '../collectors/github-repos/schema.js';
import { defineRule, outcome } from './types.js';

/** Secret scanning is enabled on every non-archived repository; a setting GitHub did not show never passes. */
export const rule = defineRule<GitHubReposData>({
  id: 'github-repo-secret-scanning-enabled',
  version: '1.0.0',
  collector: 'github-repos',
  controls: ['IAM-10'],
  title: 'Secret scanning is enabled on repositories',
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as GitHubReposData).repositories),
  evaluate({ repositories }) {
    const live = repositories.filter((r) => !r.archived);
    if (live.length === 0) return outcome.notApplicable('no non-archived repository');
    const failing = live
      .filter((r) => r.securityAndAnalysis?.secretScanning !== 'enabled')
      .map((r) => ({
        resource: r.fullName,
        reason:
          r.securityAndAnalysis?.secretScanning == null
            ? 'secret scanning setting not shown (admin access needed)'
            : 'secret scanning disabled',
      }));
    return outcome.of(
      failing,
      `secret scanning is enabled on all ${live.length} non-archived repositories`,
      `${failing.length} of ${live.length} non-archived repositories lack secret scanning`,
    );
  },
});
