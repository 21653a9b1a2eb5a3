import { ValidationError } from '../../errors.js';
import type { CollectorContext, RawExtras } from '../../kernel/types.js';
import { bindRecorder, type GitHubClient } from './client.js';

/** What a GitHub collector expects in `ctx.extras` (set by the edge: CLI, Lambda handler, tests). */
export interface GitHubExtras {
  /** A client from createGitHubClient. */
  readonly github: GitHubClient;
  readonly githubOrg: string;
  /** ISO instant: start of the pull-request population (github-pull-requests only). */
  readonly since?: string;
}

/** The typed view a collector works with: a client that records into this run's provenance. */
export interface GitHubRun {
  readonly octokit: GitHubClient;
  readonly org: string;
  readonly since?: string;
}

/**
 * Reads and checks the GitHub extras of a run and binds the client to the run's provenance, so every request
 * the collector makes is recorded. Throws a ValidationError listing what is missing.
 */
export function githubRun(ctx: Pick<CollectorContext<GitHubExtras>, 'extras' | 'provenance'>): GitHubRun {
  const { github, githubOrg, since } = ctx.extras as Partial<Record<keyof GitHubExtras, unknown>>;
  const issues: string[] = [];
  const looksLikeClient =
    typeof github === 'object' && github !== null && 'paginate' in github && 'request' in github;
  if (!looksLikeClient) issues.push('extras.github: must be a client from createGitHubClient');
  if (typeof githubOrg !== 'string' || !githubOrg)
    issues.push('extras.githubOrg: must be the organization login');
  if (since !== undefined && (typeof since !== 'string' || Number.isNaN(Date.parse(since)))) {
    issues.push('extras.since: must be an ISO-8601 instant');
  }
  if (issues.length) throw new ValidationError('GitHub collector extras', issues);
  return {
    octokit: bindRecorder(github as GitHubClient, ctx.provenance),
    org: githubOrg as string,
    ...(typeof since === 'string' ? { since } : {}),
  };
}

/** Builds the extras object for a run (keeps callers typed). */
export function githubExtras(extras: GitHubExtras): RawExtras {
  return { ...extras };
}
