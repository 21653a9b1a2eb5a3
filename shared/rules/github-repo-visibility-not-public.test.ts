import { describe, expect, it } from '@jest/globals';
import { repo, repos } from './lib/github-repo-fixtures.js';
import { rule } from './github-repo-visibility-not-public.js';
import { DEFAULT_THRESHOLDS, ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));

describe('github-repo-visibility-not-public', () => {
  it('returns PASS when every repository is private or internal', () => {
    const out = rule.evaluate(repos([repo('api'), repo('wiki', { visibility: 'internal' })]), ctx);
    expect(out).toEqual({ status: 'PASS', reason: 'none of 2 repositories is public', failing: [] });
  });

  it('returns FAIL naming a public repository, archived or not', () => {
    const out = rule.evaluate(
      repos([
        repo('api'),
        repo('leak', { visibility: 'public' }),
        repo('old', { visibility: 'public', archived: true }),
      ]),
      ctx,
    );
    expect(out.status).toBe('FAIL');
    expect(out.failing.map((f) => f.resource)).toEqual(['acme/leak', 'acme/old']);
  });

  it('passes a public repository the configuration lists as intended', () => {
    const open = ruleContext(ctx.now, {
      thresholds: { ...DEFAULT_THRESHOLDS, publicRepositories: ['acme/sdk'] },
    });
    const out = rule.evaluate(repos([repo('sdk', { visibility: 'public' })]), open);
    expect(out).toMatchObject({
      status: 'PASS',
      reason: 'none of 1 repositories is public except 1 listed as intended',
    });
  });

  it('returns NOT_APPLICABLE for empty input: no repositories', () => {
    expect(rule.evaluate(repos([]), ctx).status).toBe('NOT_APPLICABLE');
  });
});
