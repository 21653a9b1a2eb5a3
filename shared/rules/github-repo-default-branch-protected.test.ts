import { describe, expect, it } from '@jest/globals';
import { noRulesets, repo, repos, strongClassic } from './lib/github-repo-fixtures.js';
import { rule } from './github-repo-default-branch-protected.js';
import { DEFAULT_THRESHOLDS, ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));

describe('github-repo-default-branch-protected', () => {
  it('returns PASS for classic protection or an equivalent ruleset', () => {
    const ruleset = {
      branch: 'main',
      classic: null,
      rulesets: {
        ...noRulesets,
        rulesetIds: [42],
        requiredApprovingReviewCount: 2,
        dismissStaleReviewsOnPush: true,
        nonFastForwardBlocked: true,
        deletionBlocked: true,
      },
    };
    const out = rule.evaluate(repos([repo('api'), repo('web', { defaultBranchRules: ruleset })]), ctx);
    expect(out).toEqual({
      status: 'PASS',
      reason: 'all 2 non-archived repositories protect their default branch',
      failing: [],
    });
  });

  it('returns FAIL naming each gap: unprotected, no review, force pushes, unreadable', () => {
    const out = rule.evaluate(
      repos([
        repo('api'),
        repo('none', { defaultBranchRules: { branch: 'main', classic: null, rulesets: noRulesets } }),
        repo('weak', {
          defaultBranchRules: {
            branch: 'main',
            classic: strongClassic({ requiredApprovingReviewCount: null, allowForcePushes: true }),
            rulesets: noRulesets,
          },
        }),
        repo('lax', {
          defaultBranchRules: {
            branch: 'main',
            classic: strongClassic({ dismissStaleReviews: false, enforceAdmins: false }),
            rulesets: noRulesets,
          },
        }),
        repo('hidden', { defaultBranchRules: null }),
      ]),
      ctx,
    );
    expect(out.status).toBe('FAIL');
    expect(out.failing).toEqual([
      {
        resource: 'acme/none',
        reason: 'main: no required approving review, force pushes allowed, deletion allowed',
      },
      { resource: 'acme/weak', reason: 'main: no required approving review, force pushes allowed' },
      {
        resource: 'acme/lax',
        reason:
          'main: approvals survive new commits (stale reviews not dismissed), administrators can bypass (enforce_admins off)',
      },
      { resource: 'acme/hidden', reason: 'main: default-branch protection could not be read' },
    ]);
  });

  it('requires the configured number of approvals', () => {
    const two = ruleContext(ctx.now, { thresholds: { ...DEFAULT_THRESHOLDS, requiredApprovals: 2 } });
    const out = rule.evaluate(repos([repo('api')]), two);
    expect(out.failing).toEqual([
      { resource: 'acme/api', reason: 'main: 1 required approving review(s), fewer than 2' },
    ]);
  });

  it('returns NOT_APPLICABLE when every repository is archived', () => {
    const archived = repo('old', { archived: true, defaultBranchRules: null });
    expect(rule.evaluate(repos([archived]), ctx).status).toBe('NOT_APPLICABLE');
  });

  it('returns NOT_APPLICABLE for empty input', () => {
    expect(rule.evaluate(repos([]), ctx).status).toBe('NOT_APPLICABLE');
  });
});
