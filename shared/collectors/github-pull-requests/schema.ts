import * as z from 'zod';

const isoInstant = z.iso.datetime({ offset: true });
const sha = z.string().regex(/^[0-9a-f]{40}$/);

/** State of one required check at the merge commit, as GitHub reported it; `missing`: no run or status found. */
const CheckStateSchema = z.enum([
  'success',
  'failure',
  'neutral',
  'cancelled',
  'skipped',
  'timed_out',
  'action_required',
  'stale',
  'startup_failure',
  'error',
  'pending',
  'missing',
]);

const PullRequestSchema = z.strictObject({
  repository: z.string().min(1),
  number: z.number().int().positive(),
  /** null: the author's account was deleted (ghost). */
  author: z.string().nullable(),
  baseRef: z.string(),
  mergedAt: isoInstant,
  mergeCommitSha: sha.nullable(),
  /** The PR's last head commit (absent in artifacts of collector versions before 1.1.0). */
  headSha: sha.optional(),
  /**
   * Reviewers whose latest review (ignoring comments) submitted at or before the merge is an APPROVED review of
   * the last head commit; null: unreadable.
   */
  approvers: z.array(z.string()).nullable(),
  /** Reviewers whose approval was of an earlier commit (pushed over before the merge); absent before 1.1.0. */
  staleApprovers: z.array(z.string()).nullable().optional(),
  /** An approval of the last head commit by someone other than the author was in force at merge; null: unreadable. */
  approvedByOther: z.boolean().nullable(),
  /** Required checks at the merge commit; null: unreadable (errors name the PR or its repository). */
  checks: z
    .strictObject({
      sha,
      /** Which APIs answered: check runs always, commit statuses only when a required check had no check run. */
      sources: z.array(z.enum(['check-runs', 'statuses'])),
      required: z.array(z.strictObject({ name: z.string(), state: CheckStateSchema })),
    })
    .nullable(),
});

export const schema = z.strictObject({
  org: z.string().min(1),
  /** Population window: PRs merged in [since, until]. */
  since: isoInstant,
  until: isoInstant,
  repositories: z.array(
    z.strictObject({
      fullName: z.string(),
      defaultBranch: z.string(),
      /** Required checks of the default branch now (classic + rulesets); null: unreadable. */
      requiredChecks: z.array(z.string()).nullable(),
      /** null: the PR listing failed (see errors); the population of this repo is unknown. */
      mergedPullRequests: z.number().int().nonnegative().nullable(),
      /** Commits on the default branch in the window; null: unreadable; absent before collector 1.1.0. */
      defaultBranchCommits: z.number().int().nonnegative().nullable().optional(),
      /** Default-branch commits in the window that no merged pull request contains; null: unreadable. */
      directCommits: z
        .array(z.strictObject({ sha, author: z.string().nullable(), committedAt: isoInstant }))
        .nullable()
        .optional(),
    }),
  ),
  pullRequests: z.array(PullRequestSchema),
});
export type GitHubPullRequestsData = z.infer<typeof schema>;
export type PullRequestFacts = z.infer<typeof PullRequestSchema>;
export type CheckState = z.infer<typeof CheckStateSchema>;
