import { performance } from 'node:perf_hooks';
import { collectEnvelope } from '../shared/kernel/runner.js';
import { collector } from '../shared/collectors/github-pull-requests/collector.js';
import type { GitHubPullRequestsData } from '../shared/collectors/github-pull-requests/schema.js';
import { createGitHubClient } from '../shared/sources/github/client.js';
import { githubExtras } from '../shared/sources/github/extras.js';
import {
  buildScenario,
  FIXTURE_TOKEN,
  startGitHubFixture,
  type Scenario,
} from '../shared/demo/github/server.js';

/** Figures of one PR-population benchmark run. */
export interface GitHubPrsBenchResult {
  readonly repositories: number;
  readonly mergedPullRequests: number;
  /** Requests the collector made (its provenance; the fixture server counted the same). */
  readonly requests: number;
  /** The fewest REST requests that can produce the same data (see {@link minimumRequests}). */
  readonly minimumRequests: number;
  /** requests / minimumRequests (1.0 = no wasted request). */
  readonly requestRatio: number;
  readonly wallMs: number;
  /** The same requests replayed with bare fetch + JSON.parse, 10 in flight (the throttling plugin's cap): the floor. */
  readonly baselineMs: number;
  /** wallMs / baselineMs: the collector's overhead over plain HTTP. */
  readonly overheadRatio: number;
}

const PAGE = 100;

/**
 * The minimum number of REST requests for this data:
 *   repository listing: ceil(repos / 100) pages;
 *   per repository: ceil(merged PRs in window / 100) pull-listing pages (at least 1), 1 branch-protection and
 *   1 rules request (the required checks: classic protection and rulesets are separate APIs);
 *   per merged PR: 1 reviews page (< 100 reviews), and, where the branch requires checks, 1 check-runs page,
 *   plus 1 combined-status request where a required check is not a check run (CI posting commit statuses).
 * Nothing here can be skipped without losing a fact; REST has no batch endpoint for reviews or checks
 * (GraphQL could fold reviews and check suites into the PR listing, at the cost of node-cost rate limits).
 */
export function minimumRequests(s: Scenario): number {
  let n = Math.max(1, Math.ceil(s.repos.length / PAGE));
  for (const repo of s.repos) {
    const inWindow = s
      .pulls(repo)
      .filter((p) => p.mergedAt && p.mergedAt >= s.since && p.base === repo.defaultBranch).length;
    n += Math.max(1, Math.ceil(inWindow / PAGE)) + 2;
    const required = new Set(repo.protection?.requiredChecks ?? []);
    for (const rule of repo.rules)
      if (rule.type === 'required_status_checks')
        for (const c of rule.parameters?.required_status_checks ?? []) required.add(c.context);
    const checkRunNames = repo.legacyStatuses ? [] : ['build', 'lint'];
    const needsStatuses = [...required].some((c) => !checkRunNames.includes(c));
    n += inWindow * (1 + (required.size ? 1 : 0) + (required.size && needsStatuses ? 1 : 0));
  }
  return n;
}

async function replay(baseUrl: string, paths: string[], concurrency: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  const headers = { authorization: `token ${FIXTURE_TOKEN}`, accept: 'application/vnd.github+json' };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < paths.length) {
        const path = paths[next++]!;
        // Parsing is part of the floor: any client must read the JSON.
        JSON.parse(await (await fetch(`${baseUrl}${path}`, { headers })).text());
      }
    }),
  );
  return performance.now() - started;
}

/** Collects the merged-PR population of a fixture org (default 200 repos x 100 PRs) and compares it with the minimum. */
export async function run(
  options: { repos?: number; prsPerRepo?: number } = {},
): Promise<GitHubPrsBenchResult> {
  const scenario = buildScenario({
    repos: options.repos ?? 200,
    mergedPrsPerRepo: options.prsPerRepo ?? 100,
    alerts: 0,
  });
  const fixture = await startGitHubFixture(scenario);
  try {
    const github = createGitHubClient({
      baseUrl: fixture.baseUrl,
      auth: { type: 'token', token: FIXTURE_TOKEN },
    });
    const started = performance.now();
    const { envelope, requests } = await collectEnvelope(
      collector,
      { org: scenario.org },
      {
        connection: {},
        now: () => scenario.now,
        identity: 'github-token',
        extras: githubExtras({ github, githubOrg: scenario.org, since: scenario.since }),
      },
    );
    const wallMs = performance.now() - started;
    if (envelope.errors.length)
      throw new Error(`collector reported errors: ${JSON.stringify(envelope.errors.slice(0, 3))}`);
    const data = envelope.data as GitHubPullRequestsData;
    const minimum = minimumRequests(scenario);
    const served = fixture.requests.map((r) => r.path + r.search);
    const baselineMs = await replay(fixture.baseUrl, served, 10);
    const result: GitHubPrsBenchResult = {
      repositories: data.repositories.length,
      mergedPullRequests: data.pullRequests.length,
      requests,
      minimumRequests: minimum,
      requestRatio: requests / minimum,
      wallMs: Math.round(wallMs),
      baselineMs: Math.round(baselineMs),
      overheadRatio: wallMs / baselineMs,
    };
    console.log(`github-prs: ${result.repositories} repositories, ${result.mergedPullRequests} merged PRs`);
    console.log(
      `  requests: ${requests} made (server saw ${served.length}), minimum ${minimum} -> ratio ${result.requestRatio.toFixed(3)}`,
    );
    console.log(`  wall time: ${result.wallMs} ms (${(wallMs / requests).toFixed(2)} ms/request)`);
    console.log(
      `  baseline: same requests with bare fetch + JSON.parse, 10 in flight: ${result.baselineMs} ms -> collector/baseline ${result.overheadRatio.toFixed(2)}x`,
    );
    return result;
  } finally {
    await fixture.close();
  }
}
