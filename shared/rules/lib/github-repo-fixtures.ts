import { schema, type GitHubReposData } from '../../collectors/github-repos/schema.js';

type Classic = NonNullable<
  NonNullable<GitHubReposData['repositories'][number]['defaultBranchRules']>['classic']
>;

/** Classic protection that satisfies CHG-01; override fields to weaken it. */
export const strongClassic = (o: Partial<Classic> = {}): Classic => ({
  requiredApprovingReviewCount: 1,
  dismissStaleReviews: true,
  requireCodeOwnerReviews: false,
  requireLastPushApproval: false,
  requiredStatusChecks: ['build'],
  strictStatusChecks: true,
  enforceAdmins: true,
  allowForcePushes: false,
  allowDeletions: false,
  requiredLinearHistory: false,
  ...o,
});

export const noRulesets = {
  rulesetIds: [],
  requiredApprovingReviewCount: null,
  dismissStaleReviewsOnPush: false,
  requireCodeOwnerReview: false,
  requiredStatusChecks: [],
  strictStatusChecks: false,
  nonFastForwardBlocked: false,
  deletionBlocked: false,
};

/** One repository of org `acme`, protected by classic protection unless overridden. */
export function repo(name: string, o: Record<string, unknown> = {}) {
  return {
    name,
    fullName: `acme/${name}`,
    visibility: 'private' as const,
    archived: false,
    fork: false,
    defaultBranch: 'main',
    defaultBranchRules: { branch: 'main', classic: strongClassic(), rulesets: noRulesets },
    securityAndAnalysis: {
      secretScanning: 'enabled',
      secretScanningPushProtection: 'enabled',
      dependabotSecurityUpdates: 'enabled',
    },
    ...o,
  };
}

export const repos = (list: ReturnType<typeof repo>[]): GitHubReposData =>
  schema.parse({ org: 'acme', repositories: list });
