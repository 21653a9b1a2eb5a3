import * as z from 'zod';
import type { GitHubClient } from './client.js';

/** Classic branch protection of a branch, as GitHub reports it. */
const ClassicProtectionSchema = z.strictObject({
  /** null: pull-request reviews are not required. */
  requiredApprovingReviewCount: z.number().int().nonnegative().nullable(),
  dismissStaleReviews: z.boolean(),
  requireCodeOwnerReviews: z.boolean(),
  requireLastPushApproval: z.boolean(),
  requiredStatusChecks: z.array(z.string()),
  strictStatusChecks: z.boolean(),
  enforceAdmins: z.boolean(),
  allowForcePushes: z.boolean(),
  allowDeletions: z.boolean(),
  requiredLinearHistory: z.boolean(),
});

/** Rules from rulesets (repository and organization) that apply to a branch. */
const RulesetRulesSchema = z.strictObject({
  rulesetIds: z.array(z.number().int()),
  /** null: no pull_request rule applies. */
  requiredApprovingReviewCount: z.number().int().nonnegative().nullable(),
  dismissStaleReviewsOnPush: z.boolean(),
  requireCodeOwnerReview: z.boolean(),
  requiredStatusChecks: z.array(z.string()),
  strictStatusChecks: z.boolean(),
  /** A `non_fast_forward` rule applies (force pushes blocked). */
  nonFastForwardBlocked: z.boolean(),
  /** A `deletion` rule applies. */
  deletionBlocked: z.boolean(),
});

export const BranchRulesSchema = z.strictObject({
  branch: z.string(),
  /** null: GitHub answered 404 "Branch not protected" — a fact, not an error. */
  classic: ClassicProtectionSchema.nullable(),
  rulesets: RulesetRulesSchema,
});
export type BranchRules = z.infer<typeof BranchRulesSchema>;

function status(err: unknown): number | undefined {
  return (err as { status?: number })?.status;
}

/**
 * Reads a branch's classic protection and its active ruleset rules (two requests, rules paginated).
 * A 404 on the protection endpoint means "not protected"; any other failure (403...) is thrown, for the
 * caller's `ctx.tryResource` to record.
 */
export async function readBranchRules(
  octokit: GitHubClient,
  owner: string,
  repo: string,
  branch: string,
): Promise<BranchRules> {
  let classic: z.infer<typeof ClassicProtectionSchema> | null = null;
  try {
    const { data: p } = await octokit.rest.repos.getBranchProtection({ owner, repo, branch });
    const reviews = p.required_pull_request_reviews;
    classic = {
      requiredApprovingReviewCount: reviews ? (reviews.required_approving_review_count ?? 0) : null,
      dismissStaleReviews: reviews?.dismiss_stale_reviews ?? false,
      requireCodeOwnerReviews: reviews?.require_code_owner_reviews ?? false,
      requireLastPushApproval: reviews?.require_last_push_approval ?? false,
      requiredStatusChecks: [
        ...new Set([
          ...(p.required_status_checks?.contexts ?? []),
          ...(p.required_status_checks?.checks ?? []).map((c) => c.context),
        ]),
      ].sort(),
      strictStatusChecks: p.required_status_checks?.strict ?? false,
      enforceAdmins: p.enforce_admins?.enabled ?? false,
      allowForcePushes: p.allow_force_pushes?.enabled ?? false,
      allowDeletions: p.allow_deletions?.enabled ?? false,
      requiredLinearHistory: p.required_linear_history?.enabled ?? false,
    };
  } catch (err) {
    if (status(err) !== 404) throw err;
  }

  const rules = await octokit.paginate(octokit.rest.repos.getBranchRules, {
    owner,
    repo,
    branch,
    per_page: 100,
  });
  const rulesets: z.infer<typeof RulesetRulesSchema> = {
    rulesetIds: [
      ...new Set(rules.map((r) => r.ruleset_id).filter((id): id is number => typeof id === 'number')),
    ].sort((a, b) => a - b),
    requiredApprovingReviewCount: null,
    dismissStaleReviewsOnPush: false,
    requireCodeOwnerReview: false,
    requiredStatusChecks: [],
    strictStatusChecks: false,
    nonFastForwardBlocked: false,
    deletionBlocked: false,
  };
  // Several rulesets can apply; GitHub enforces all of them, so the strictest value of each setting holds.
  for (const rule of rules) {
    if (rule.type === 'pull_request' && rule.parameters) {
      rulesets.requiredApprovingReviewCount = Math.max(
        rulesets.requiredApprovingReviewCount ?? 0,
        rule.parameters.required_approving_review_count,
      );
      rulesets.dismissStaleReviewsOnPush ||= rule.parameters.dismiss_stale_reviews_on_push;
      rulesets.requireCodeOwnerReview ||= rule.parameters.require_code_owner_review;
    } else if (rule.type === 'required_status_checks' && rule.parameters) {
      rulesets.requiredStatusChecks.push(...rule.parameters.required_status_checks.map((c) => c.context));
      rulesets.strictStatusChecks ||= rule.parameters.strict_required_status_checks_policy;
    } else if (rule.type === 'non_fast_forward') rulesets.nonFastForwardBlocked = true;
    else if (rule.type === 'deletion') rulesets.deletionBlocked = true;
  }
  rulesets.requiredStatusChecks = [...new Set(rulesets.requiredStatusChecks)].sort();
  return { branch, classic, rulesets };
}

/** Every status check a branch requires, from classic protection and rulesets together. */
export function requiredChecksOf(rules: BranchRules): string[] {
  return [
    ...new Set([...(rules.classic?.requiredStatusChecks ?? []), ...rules.rulesets.requiredStatusChecks]),
  ].sort();
}
