import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { collectFromFixture } from '../../../test/fixtures/github/harness.js';
import { buildScenario, startGitHubFixture, type GitHubFixture } from '../../demo/github/server.js';
import type { Envelope } from '../../evidence/envelope.js';
import { collector } from './collector.js';
import type { GitHubPullRequestsData } from './schema.js';

describe('github-pull-requests', () => {
  let fixture: GitHubFixture;
  let envelope: Envelope;
  let data: GitHubPullRequestsData;
  const pr = (repo: string, n: number) =>
    data.pullRequests.find((p) => p.repository === `acme/${repo}` && p.number === n)!;

  beforeAll(async () => {
    // 130 PRs merged in the window per repo (two pages), 150 merged before it, one closed unmerged, one into another base.
    const scenario = buildScenario({ repos: 3, mergedPrsPerRepo: 130, olderPrsPerRepo: 150, noisePrs: true });
    const legacy = scenario.repos[2]!;
    legacy.legacyStatuses = true;
    legacy.protection = {
      requiredReviews: 1,
      dismissStale: false,
      codeOwners: false,
      requiredChecks: ['ci/jenkins'],
      strict: false,
      enforceAdmins: false,
      allowForcePushes: false,
      allowDeletions: false,
    };
    // Two commits pushed straight to repo-000's default branch inside the window, one before it.
    scenario.repos[0]!.directCommits = [
      {
        sha: 'd1'.repeat(20),
        author: 'mallory',
        committedAt: new Date(Date.parse(scenario.now.toISOString()) - 86_400_000).toISOString(),
      },
      {
        sha: 'd2'.repeat(20),
        author: 'mallory',
        committedAt: new Date(Date.parse(scenario.now.toISOString()) - 2 * 86_400_000).toISOString(),
      },
      { sha: 'd3'.repeat(20), author: 'mallory', committedAt: '2000-01-01T00:00:00Z' },
    ];
    // PR 280 of repo-001: its peer approval was given on an earlier commit, then more commits were pushed.
    const stale = scenario.pulls(scenario.repos[1]!).find((p) => p.number === 280)!;
    for (const r of stale.reviews) if (r.state === 'APPROVED') r.commitId = 'e'.repeat(40);
    fixture = await startGitHubFixture(scenario);
    ({ envelope } = await collectFromFixture(collector, fixture, { since: scenario.since }));
    data = envelope.data as GitHubPullRequestsData;
  });
  afterAll(() => fixture.close());

  it('collects every PR merged into the default branch in the window and stops listing at the window start', () => {
    expect(envelope.errors).toEqual([]);
    expect(data.pullRequests).toHaveLength(390);
    expect(data.pullRequests.every((p) => p.mergedAt >= data.since && p.baseRef !== 'release')).toBe(true);
    expect(data.repositories).toEqual([
      {
        fullName: 'acme/repo-000',
        defaultBranch: 'main',
        requiredChecks: ['build'],
        mergedPullRequests: 130,
        // 130 squash-merge commits plus the two direct pushes in the window (the third is before it).
        defaultBranchCommits: 132,
        directCommits: [
          { sha: 'd2'.repeat(20), author: 'mallory', committedAt: expect.any(String) },
          { sha: 'd1'.repeat(20), author: 'mallory', committedAt: expect.any(String) },
        ],
      },
      {
        fullName: 'acme/repo-001',
        defaultBranch: 'master',
        requiredChecks: ['build'],
        mergedPullRequests: 130,
        defaultBranchCommits: 130,
        directCommits: [],
      },
      {
        fullName: 'acme/repo-002',
        defaultBranch: 'main',
        requiredChecks: ['ci/jenkins'],
        mergedPullRequests: 130,
        defaultBranchCommits: 130,
        directCommits: [],
      },
    ]);
    // 282 closed PRs into main would be 3 pages; the listing stops on page 2 at the first PR older than the window.
    const listing = fixture.requests.filter((r) => r.path === '/repos/acme/repo-000/pulls');
    expect(listing.map((r) => new URLSearchParams(r.search).get('page') ?? '1')).toEqual(['1', '2']);
    expect(new URLSearchParams(listing[0]!.search).get('sort')).toBe('updated');
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({
        operation: 'GET /repos/{owner}/{repo}/pulls',
        params: {
          owner: 'acme',
          state: 'closed',
          base: 'main',
          sort: 'updated',
          direction: 'desc',
          per_page: 100,
        },
        pages: 4,
      }),
    );
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({
        operation: 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews',
        pages: 390,
      }),
    );
  });

  it('records approvers at merge time, approvedByOther, and self-approval', () => {
    const scenario = fixture.scenario;
    const pulls = scenario.pulls(scenario.repos[0]!);
    const spec = (n: number) => pulls.find((p) => p.number === n)!;
    // Numbers count down from 280 for the window's PRs; the review pattern repeats every 6.
    const other = spec(280).reviews[0]!.user;
    expect(pr('repo-000', 280)).toMatchObject({
      author: spec(280).author,
      approvers: [other],
      approvedByOther: true,
    });
    expect(pr('repo-000', 279)).toMatchObject({ approvers: [], approvedByOther: false });
    // Approved only by its author: a self-approval is an approver but not an approval by another.
    expect(pr('repo-000', 278)).toMatchObject({ approvers: [spec(278).author], approvedByOther: false });
    // Approved, then changes requested before the merge.
    expect(pr('repo-000', 277)).toMatchObject({ approvers: [], approvedByOther: false });
    // Approved only after the merge.
    expect(pr('repo-000', 276)).toMatchObject({ approvers: [], approvedByOther: false });
    // A later comment does not withdraw an approval.
    expect(pr('repo-000', 275)).toMatchObject({ approvedByOther: true });
    // An approval of an earlier commit does not count: it did not review what was merged.
    const staleSpec = scenario.pulls(scenario.repos[1]!).find((p) => p.number === 280)!;
    const staleBy = staleSpec.reviews.filter((r) => r.state === 'APPROVED').map((r) => r.user);
    expect(pr('repo-001', 280)).toMatchObject({
      approvers: [],
      staleApprovers: staleBy,
      approvedByOther: false,
    });
    expect(pr('repo-000', 280).headSha).toMatch(/^[0-9a-f]{40}$/);
    expect(pr('repo-000', 280)).toMatchObject({
      mergedAt: spec(280).mergedAt,
      mergeCommitSha: spec(280).mergeCommitSha,
    });
  });

  it('records required checks at the merge commit from check runs, and from statuses only where needed', () => {
    const sha = pr('repo-000', 280).mergeCommitSha!;
    expect(pr('repo-000', 280).checks).toEqual({
      sha,
      sources: ['check-runs'],
      required: [{ name: 'build', state: 'success' }],
    });
    expect(pr('repo-000', 273).checks!.required).toEqual([{ name: 'build', state: 'failure' }]);
    expect(pr('repo-001', 280).checks!.required).toEqual([{ name: 'build', state: 'success' }]);
    expect(pr('repo-002', 280).checks).toMatchObject({
      sources: ['check-runs', 'statuses'],
      required: [{ name: 'ci/jenkins', state: 'success' }],
    });
    const statusCalls = fixture.requests.filter((r) => r.path.endsWith('/status'));
    expect(statusCalls.every((r) => r.path.startsWith('/repos/acme/repo-002/'))).toBe(true);
    expect(statusCalls).toHaveLength(130);
  });

  it('narrows the population to a later since', async () => {
    const since = new Date(fixture.scenario.now.getTime() - 3 * 86_400_000).toISOString();
    const { envelope: narrow } = await collectFromFixture(collector, fixture, { since });
    const d = narrow.data as GitHubPullRequestsData;
    expect(d.since).toBe(since);
    expect(d.pullRequests.length).toBeGreaterThan(0);
    expect(d.pullRequests.length).toBeLessThan(60);
    expect(d.pullRequests.every((p) => p.mergedAt >= since)).toBe(true);
  });
});
