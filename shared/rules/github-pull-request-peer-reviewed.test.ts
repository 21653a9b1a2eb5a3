import { describe, expect, it } from '@jest/globals';
import { schema } from '../collectors/github-pull-requests/schema.js';
import { rule } from './github-pull-request-peer-reviewed.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const pr = (number: number, approvedByOther: boolean | null, author = 'alice') => ({
  repository: 'acme/api',
  number,
  author,
  baseRef: 'main',
  mergedAt: '2026-02-20T10:00:00Z',
  mergeCommitSha: null,
  approvers: approvedByOther ? ['bob'] : [],
  approvedByOther,
  checks: null,
});
const data = (pulls: ReturnType<typeof pr>[], listed: number | null = pulls.length) =>
  schema.parse({
    org: 'acme',
    since: '2026-01-30T00:00:00Z',
    until: '2026-03-01T00:00:00Z',
    repositories: [
      { fullName: 'acme/api', defaultBranch: 'main', requiredChecks: [], mergedPullRequests: listed },
    ],
    pullRequests: pulls,
  });

describe('github-pull-request-peer-reviewed', () => {
  it('returns PASS when every merged PR was approved by someone else', () => {
    expect(rule.evaluate(data([pr(1, true), pr(2, true)]), ctx)).toEqual({
      status: 'PASS',
      reason: 'all 2 pull requests merged 2026-01-30 to 2026-03-01 were peer-approved',
      failing: [],
    });
  });

  it('returns FAIL for a PR approved only before its last commit, saying so', () => {
    const stale = { ...pr(4, false), staleApprovers: ['bob'] };
    const out = rule.evaluate(data([pr(1, true), stale]), ctx);
    expect(out.failing).toEqual([
      {
        resource: 'acme/api#4',
        reason: 'merged 2026-02-20T10:00:00Z; approved only before its last commit (by bob)',
      },
    ]);
  });

  it('returns FAIL naming default-branch commits no merged pull request contains', () => {
    const d = data([pr(1, true)]);
    const out = rule.evaluate(
      {
        ...d,
        repositories: [
          {
            ...d.repositories[0]!,
            directCommits: [{ sha: 'f'.repeat(40), author: 'mallory', committedAt: '2026-02-21T08:00:00Z' }],
          },
        ],
      },
      ctx,
    );
    expect(out).toEqual({
      status: 'FAIL',
      reason: '1 commit(s) reached a default branch without a merged pull request',
      failing: [
        {
          resource: 'acme/api@ffffffffffff',
          reason: 'pushed to main at 2026-02-21T08:00:00Z by mallory without a merged pull request',
        },
      ],
    });
  });

  it('returns FAIL naming each PR merged without a peer approval, by PR id', () => {
    const out = rule.evaluate(data([pr(1, true), pr(2, false, 'carol'), pr(3, null)]), ctx);
    expect(out.status).toBe('FAIL');
    expect(out.failing).toEqual([
      {
        resource: 'acme/api#2',
        reason: 'merged 2026-02-20T10:00:00Z without an approval by someone other than carol',
      },
      { resource: 'acme/api#3', reason: 'reviews could not be read' },
    ]);
  });

  it('refuses data whose PR population is unknown, so the engine reports UNKNOWN', () => {
    expect(rule.accepts!(data([pr(1, true)], null))).toBe(false);
  });

  it('returns NOT_APPLICABLE for empty input: nothing merged in the period', () => {
    expect(rule.evaluate(data([]), ctx).status).toBe('NOT_APPLICABLE');
  });
});
