import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { canonicalBytes } from '../../evidence/canonical.js';
import { sealEnvelope } from '../../evidence/artifact.js';
import { createLogger } from '../../logging/logger.js';
import { collectFromFixture } from '../../../test/fixtures/github/harness.js';
import {
  buildScenario,
  FIXTURE_TOKEN,
  PLANTED_TOKEN,
  startGitHubFixture,
  type GitHubFixture,
} from '../../demo/github/server.js';
import { collector as org } from '../../collectors/github-org/collector.js';
import { collector as pulls } from '../../collectors/github-pull-requests/collector.js';
import { collector as repos } from '../../collectors/github-repos/collector.js';
import { collector as alerts } from '../../collectors/github-vulnerability-alerts/collector.js';

/**
 * Fixture responses carry a planted token in PR titles and bodies, review bodies, check-run output, commit
 * statuses, alert comments and messages, repo descriptions, and undocumented `secret`/`key` fields; the client
 * sends a token or JWT, and the App flow returns an installation token. None of it may reach evidence or logs.
 */
describe('GitHub secrets never reach evidence or logs', () => {
  let fixture: GitHubFixture;
  const lines: string[] = [];
  const envelopes: string[] = [];
  let privateKey = '';

  beforeAll(async () => {
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    privateKey = keys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const scenario = buildScenario({ repos: 5, mergedPrsPerRepo: 4, alerts: 5 });
    scenario.app = {
      appId: 9,
      installationId: 10,
      publicKeyPem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
    fixture = await startGitHubFixture(scenario);
    fixture.faults.push(
      { match: /^\/repos\/acme\/repo-001\/branches\//, kind: 'forbidden' },
      { match: /^\/orgs\/acme\/members\?role=member/, kind: 'rate-limit-429', times: 1 },
      { match: /\/dependabot\/alerts/, kind: 'secondary-rate-limit', times: 1 },
    );
    const capture = (chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    };
    const out = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation(capture as typeof process.stdout.write);
    const err = jest
      .spyOn(process.stderr, 'write')
      .mockImplementation(capture as typeof process.stderr.write);
    try {
      const logger = createLogger({ serviceName: 'flux-github', level: 'DEBUG' });
      const app = { type: 'app' as const, appId: 9, installationId: 10, privateKey };
      for (const c of [org, repos, pulls, alerts]) {
        const { envelope } = await collectFromFixture(c, fixture, {
          auth: app,
          logger,
          since: scenario.since,
        });
        envelopes.push(
          canonicalBytes(envelope).toString('utf8'),
          sealEnvelope(envelope).bytes.toString('utf8'),
        );
      }
      const { envelope } = await collectFromFixture(org, fixture, { logger });
      envelopes.push(canonicalBytes(envelope).toString('utf8'));
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
  afterAll(() => fixture.close());

  const secrets = () => [
    PLANTED_TOKEN,
    'PLANTED',
    FIXTURE_TOKEN,
    ...fixture.issuedTokens,
    privateKey.split('\n')[1]!,
  ];

  it('keeps every planted and credential value out of the stored envelopes', () => {
    expect(envelopes).toHaveLength(9);
    expect(fixture.issuedTokens.length).toBeGreaterThan(0);
    // The runs did collect data and did see the faults.
    expect(envelopes.join('\n')).toContain('acme/repo-001');
    expect(envelopes.join('\n')).toContain('AccessDenied');
    for (const bytes of envelopes) for (const s of secrets()) expect(bytes).not.toContain(s);
  });

  it('keeps them out of the logs, which did record the rate limits', () => {
    const log = lines.join('');
    expect(log).toContain('GitHub rate limit');
    for (const s of secrets()) expect(log).not.toContain(s);
  });
});
