import type { Rule } from './types.js';
import { rule as githubOrg2faRequired } from './github-org-2fa-required.js';
import { rule as githubPullRequestPeerReviewed } from './github-pull-request-peer-reviewed.js';
import { rule as githubRepoDefaultBranchProtected } from './github-repo-default-branch-protected.js';
import { rule as githubRepoSecretScanningEnabled } from './github-repo-secret-scanning-enabled.js';
import { rule as githubRepoVisibilityNotPublic } from './github-repo-visibility-not-public.js';
import { rule as githubVulnerabilityAlertsRemediated } from './github-vulnerability-alerts-remediated.js';

/** The rules that judge GitHub evidence (org 2FA, branch protection, peer review, secret scanning, visibility, alerts). */
export const githubRules: readonly Rule[] = [
  githubOrg2faRequired,
  githubPullRequestPeerReviewed,
  githubRepoDefaultBranchProtected,
  githubRepoSecretScanningEnabled,
  githubRepoVisibilityNotPublic,
  githubVulnerabilityAlertsRemediated,
] as readonly Rule[];
