import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { ProvenanceRecorder } from '../../kernel/provenance.js';
import { collectFromFixture } from '../../../test/fixtures/github/harness.js';
import {
  buildScenario,
  FIXTURE_TOKEN,
  startGitHubFixture,
  type GitHubFixture,
} from '../../demo/github/server.js';
import { collector as orgCollector } from '../../collectors/github-org/collector.js';
import { bindRecorder, createGitHubClient } from './client.js';

/** A throwaway GitHub App key pair, made for this test run only. */
function appKeys() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

describe('createGitHubClient', () => {
  let fixture: GitHubFixture;
  afterEach(() => fixture.close());

  it('authenticates as a GitHub App installation: JWT for the token, then the installation token, with provenance', async () => {
    const keys = appKeys();
    const scenario = buildScenario();
    scenario.app = { appId: 4242, installationId: 77, publicKeyPem: keys.publicKeyPem };
    fixture = await startGitHubFixture(scenario);
    const auth = { type: 'app' as const, appId: 4242, installationId: 77, privateKey: keys.privateKey };
    const { envelope } = await collectFromFixture(orgCollector, fixture, { auth });
    expect(envelope.errors).toEqual([]);
    expect(envelope.provenance.identity).toBe('github-app:4242/installation:77');
    expect(fixture.requests[0]).toMatchObject({
      method: 'POST',
      path: '/app/installations/77/access_tokens',
      status: 201,
      auth: 'jwt',
    });
    expect(fixture.requests.slice(1).every((r) => r.auth === 'installation' && r.status === 200)).toBe(true);
    expect(fixture.issuedTokens).toHaveLength(1);
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({
        operation: 'POST /app/installations/{installation_id}/access_tokens',
        params: {},
        pages: 1,
      }),
    );
  });

  it('refuses an App whose key the server does not know', async () => {
    const scenario = buildScenario();
    scenario.app = { appId: 4242, installationId: 77, publicKeyPem: appKeys().publicKeyPem };
    fixture = await startGitHubFixture(scenario);
    const { envelope } = await collectFromFixture(orgCollector, fixture, {
      auth: { type: 'app', appId: 4242, installationId: 77, privateKey: appKeys().privateKey },
    });
    expect(envelope.data).toBeNull();
    expect(envelope.errors[0]).toMatchObject({ code: 'AccessDenied' });
  });

  it('waits out a secondary rate limit (Retry-After) and a primary one (x-ratelimit-reset)', async () => {
    fixture = await startGitHubFixture(buildScenario());
    fixture.faults.push(
      { match: /^\/orgs\/acme$/, kind: 'secondary-rate-limit', times: 1 },
      { match: /^\/orgs\/acme$/, kind: 'primary-rate-limit', times: 1 },
    );
    const recorder = new ProvenanceRecorder();
    const client = createGitHubClient({
      baseUrl: fixture.baseUrl,
      auth: { type: 'token', token: FIXTURE_TOKEN },
      recorder,
    });
    const { data } = await client.rest.orgs.get({ org: 'acme' });
    expect(data.login).toBe('acme');
    const calls = fixture.requests.filter((r) => r.path === '/orgs/acme');
    expect(calls.map((r) => r.status)).toEqual([403, 403, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(1000);
    expect(recorder.operations()).toEqual([
      expect.objectContaining({ operation: 'GET /orgs/{org}', pages: 3, items: 1 }),
    ]);
    expect(recorder.requestCount()).toBe(3);
  });

  it('gives up after the bounded number of rate-limit retries', async () => {
    fixture = await startGitHubFixture(buildScenario());
    fixture.faults.push({ match: /^\/orgs\/acme$/, kind: 'rate-limit-429' });
    const client = createGitHubClient({
      baseUrl: fixture.baseUrl,
      auth: { type: 'token', token: FIXTURE_TOKEN },
      maxRateLimitRetries: 1,
    });
    await expect(client.rest.orgs.get({ org: 'acme' })).rejects.toMatchObject({ status: 429 });
    expect(fixture.requests.map((r) => r.status)).toEqual([429, 429]);
  });

  it('talks to GitHub Enterprise Server under /api/v3, paginating with its Link URLs', async () => {
    const scenario = buildScenario();
    for (let i = 0; i < 40; i++)
      scenario.outsideCollaborators.push({ login: `vendor-${i}`, twoFactor: true });
    fixture = await startGitHubFixture(scenario, { pathPrefix: '/api/v3' });
    const recorder = new ProvenanceRecorder();
    const client = bindRecorder(
      createGitHubClient({ baseUrl: `${fixture.baseUrl}/`, auth: { type: 'token', token: FIXTURE_TOKEN } }),
      recorder,
    );
    const all = await client.paginate(client.rest.orgs.listOutsideCollaborators, {
      org: 'acme',
      per_page: 30,
    });
    expect(all).toHaveLength(41);
    expect(recorder.operations()).toEqual([
      expect.objectContaining({
        operation: 'GET /orgs/{org}/outside_collaborators',
        params: { org: 'acme', per_page: 30 },
        pages: 2,
        items: 41,
      }),
    ]);
  });
});

describe('bindRecorder', () => {
  it('refuses a client createGitHubClient did not make (its requests could not be recorded)', () => {
    expect(() => bindRecorder({} as never, new ProvenanceRecorder())).toThrow(/createGitHubClient/);
  });
});
