import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { collectFromFixture } from '../../../test/fixtures/github/harness.js';
import { buildScenario, startGitHubFixture, type GitHubFixture } from '../../demo/github/server.js';
import { collector } from './collector.js';
import type { GitHubReposData } from './schema.js';

describe('github-repos', () => {
  let fixture: GitHubFixture;
  // 120 repositories: more than one page of GET /orgs/{org}/repos (per_page=100).
  beforeAll(async () => {
    fixture = await startGitHubFixture(buildScenario({ repos: 120, mergedPrsPerRepo: 0 }));
  });
  afterAll(() => fixture.close());
  beforeEach(() => {
    fixture.faults.length = 0;
    fixture.requests.length = 0;
  });

  it('collects every repository with its default-branch protection, rules and security settings', async () => {
    const { envelope } = await collectFromFixture(collector, fixture);
    expect(envelope.errors).toEqual([]);
    const data = envelope.data as GitHubReposData;
    expect(data.repositories).toHaveLength(120);
    const repo = (n: number) =>
      data.repositories.find((r) => r.name === `repo-${String(n).padStart(3, '0')}`)!;
    // Classic protection with reviews, stale-review dismissal, a required check, admins enforced.
    expect(repo(0)).toMatchObject({
      fullName: 'acme/repo-000',
      visibility: 'private',
      archived: false,
      defaultBranch: 'main',
      defaultBranchRules: {
        branch: 'main',
        classic: {
          requiredApprovingReviewCount: 1,
          dismissStaleReviews: true,
          requiredStatusChecks: ['build'],
          enforceAdmins: true,
          allowForcePushes: false,
        },
        rulesets: { rulesetIds: [], requiredApprovingReviewCount: null },
      },
      securityAndAnalysis: {
        secretScanning: 'enabled',
        secretScanningPushProtection: 'enabled',
        dependabotSecurityUpdates: 'enabled',
      },
    });
    // No classic protection (404 is a fact) but an organization ruleset.
    expect(repo(1).defaultBranchRules).toEqual({
      branch: 'master',
      classic: null,
      rulesets: {
        rulesetIds: [42],
        requiredApprovingReviewCount: 2,
        dismissStaleReviewsOnPush: true,
        requireCodeOwnerReview: true,
        requiredStatusChecks: ['build'],
        strictStatusChecks: false,
        nonFastForwardBlocked: true,
        deletionBlocked: true,
      },
    });
    expect(repo(2).defaultBranchRules).toMatchObject({ classic: null, rulesets: { rulesetIds: [] } });
    expect(repo(3)).toMatchObject({
      securityAndAnalysis: null,
      defaultBranchRules: { classic: { requiredApprovingReviewCount: null, allowForcePushes: true } },
    });
    expect(repo(9)).toMatchObject({ archived: true });
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({
        operation: 'GET /orgs/{org}/repos',
        params: { org: 'acme', type: 'all', per_page: 100 },
        pages: 2,
        items: 120,
      }),
    );
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({
        operation: 'GET /repos/{owner}/{repo}/branches/{branch}/protection',
        params: { owner: 'acme' },
        pages: 120,
        error: 'HTTP 404',
      }),
    );
  });

  it('records a 403 on one repository in errors and still collects the others', async () => {
    fixture.faults.push({ match: /^\/repos\/acme\/repo-007\/branches\//, kind: 'forbidden' });
    const { envelope } = await collectFromFixture(collector, fixture);
    expect(envelope.errors).toEqual([
      expect.objectContaining({ code: 'AccessDenied', resource: 'acme/repo-007' }),
    ]);
    expect(envelope.provenance.complete).toBe(false);
    const data = envelope.data as GitHubReposData;
    expect(data.repositories).toHaveLength(120);
    expect(data.repositories.find((r) => r.name === 'repo-007')!.defaultBranchRules).toBeNull();
    expect(data.repositories.filter((r) => r.defaultBranchRules !== null)).toHaveLength(119);
  });

  it('waits for Retry-After on a 429 and returns the complete listing', async () => {
    fixture.faults.push({ match: /^\/orgs\/acme\/repos\?.*page=2/, kind: 'rate-limit-429', times: 1 });
    const { envelope } = await collectFromFixture(collector, fixture);
    expect(envelope.errors).toEqual([]);
    expect((envelope.data as GitHubReposData).repositories).toHaveLength(120);
    const page2 = fixture.requests.filter(
      (r) => r.path === '/orgs/acme/repos' && r.search.includes('page=2'),
    );
    expect(page2.map((r) => r.status)).toEqual([429, 200]);
    expect(page2[1]!.at - page2[0]!.at).toBeGreaterThanOrEqual(1000);
    const listing = envelope.provenance.operations.find((o) => o.operation === 'GET /orgs/{org}/repos')!;
    expect(listing).toMatchObject({ pages: 3, items: 120 });
    expect(listing.error).toBeUndefined();
    expect(envelope.provenance.notes?.join('\n')).toMatch(
      /rate limit on GET \/orgs\/\{org\}\/repos: HTTP 429/,
    );
  });
});
