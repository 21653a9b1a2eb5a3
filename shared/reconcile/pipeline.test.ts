import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadControls, loadFrameworks, requirementsForControl } from '../../frameworks/index.js';
import { buildScenario, startGitHubFixture, type GitHubFixture } from '../demo/github/server.js';
import { collectFromFixture } from '../../test/fixtures/github/harness.js';
import {
  GRAPH_FIXTURE_CLIENT_ID,
  GRAPH_FIXTURE_SECRET,
  GRAPH_FIXTURE_TENANT,
  LEAVER_DEPROVISIONED_AT,
  LEAVER_EMAIL,
  OKTA_FIXTURE_TOKEN,
  startGraphFixture,
  startOktaFixture,
  type GraphFixture,
  type OktaFixture,
} from '../../test/fixtures/idp/index.js';
import { collector as reconciliation } from '../collectors/access-reconciliation/collector.js';
import { RECONCILIATION_SCOPE } from '../collectors/access-reconciliation/extras.js';
import type { AccessReconciliationData } from '../collectors/access-reconciliation/schema.js';
import { schema as credentialReportSchema } from '../collectors/aws-iam-credential-report/schema.js';
import { collector as entraUsers } from '../collectors/entra-users/collector.js';
import { collector as githubOrg } from '../collectors/github-org/collector.js';
import { collector as oktaUsers } from '../collectors/okta-users/collector.js';
import { getCollector } from '../collectors/registry.js';
import { collectEnvelope, scopeKey } from '../kernel/runner.js';
import { sealEnvelope } from '../evidence/artifact.js';
import { ENVELOPE_SCHEMA, type Envelope } from '../evidence/envelope.js';
import { evaluateControl } from '../mapping/engine.js';
import { MemoryEvidenceLoader, toEvidenceInput } from '../mapping/evidence-loader.js';
import { rules } from '../rules/registry.js';
import { loadIdentitySources } from './load.js';
import { iamUser } from './test-fixtures.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const MGMT = '111111111111';

/** The IAM credential report of the demo company's management account, as a small fixture artifact. */
function credentialReportEnvelope(): Envelope {
  const data = credentialReportSchema.parse({
    generatedAt: NOW.toISOString(),
    root: null,
    users: [
      iamUser('alice.admin'),
      iamUser('erin.leaver', { keys: true }),
      iamUser('ci-bot', { console: false, keys: true }),
    ],
  });
  return {
    schema: ENVELOPE_SCHEMA,
    collector: 'aws-iam-credential-report',
    collectorVersion: '1.0.0',
    scope: { account: MGMT, region: 'global' },
    observedAt: NOW.toISOString(),
    collectedAt: NOW.toISOString(),
    provenance: {
      identity: `arn:aws:iam::${MGMT}:role/FluxEvidenceReadOnly`,
      operations: [],
      complete: true,
    },
    data,
    errors: [],
  };
}

describe('identity collectors → access reconciliation → rules → controls → frameworks', () => {
  let okta: OktaFixture;
  let graph: GraphFixture;
  let github: GitHubFixture;
  const evidence = new MemoryEvidenceLoader();
  let recon: Envelope;

  beforeAll(async () => {
    okta = await startOktaFixture();
    graph = await startGraphFixture();
    github = await startGitHubFixture(buildScenario({ now: NOW }));
    const envelopes = [
      (
        await collectEnvelope(
          oktaUsers,
          { tenant: 'acme.okta.com' },
          {
            connection: {},
            now: () => NOW,
            extras: { okta: { baseUrl: okta.url, token: async () => OKTA_FIXTURE_TOKEN } },
          },
        )
      ).envelope,
      (
        await collectEnvelope(
          entraUsers,
          { tenant: GRAPH_FIXTURE_TENANT },
          {
            connection: {},
            now: () => NOW,
            extras: {
              entra: {
                tenantId: GRAPH_FIXTURE_TENANT,
                clientId: GRAPH_FIXTURE_CLIENT_ID,
                clientSecret: async () => GRAPH_FIXTURE_SECRET,
                graphBaseUrl: graph.url,
                tokenUrl: `${graph.url}/${GRAPH_FIXTURE_TENANT}/oauth2/v2.0/token`,
                now: () => NOW,
              },
            },
          },
        )
      ).envelope,
      (await collectFromFixture(githubOrg, github)).envelope,
      credentialReportEnvelope(),
    ];
    for (const e of envelopes) {
      expect(e.errors).toEqual([]);
      evidence.add(toEvidenceInput(e, sealEnvelope(e).sha256, scopeKey(e.scope)));
    }
    const out = await collectEnvelope(reconciliation, RECONCILIATION_SCOPE, {
      connection: {},
      now: () => NOW,
      extras: {
        identitySources: await loadIdentitySources(evidence),
        deprovisioningSlaHours: 24,
        identityLinks: {
          'iam:alice.admin': 'alice@acme.example',
          'iam:erin.leaver': LEAVER_EMAIL,
          'github:erin': LEAVER_EMAIL,
        },
      },
    });
    recon = out.envelope;
    evidence.add(toEvidenceInput(recon, sealEnvelope(recon).sha256, scopeKey(recon.scope)));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([okta?.close(), graph?.close(), github?.close()]);
  });

  it('finds the planted leaver still in GitHub and IAM, with latency now - LEAVER_DEPROVISIONED_AT', () => {
    expect(recon.errors).toEqual([]);
    const d = recon.data as AccessReconciliationData;
    const erin = d.leavers.find((l) => l.email === LEAVER_EMAIL)!;
    expect(erin.idp.map((i) => i.source).sort()).toEqual(['entra-users', 'okta-users']);
    expect(erin.deprovisionedAt).toBe(LEAVER_DEPROVISIONED_AT);
    expect(erin.stillActive.map((a) => a.resource)).toEqual([
      `arn:aws:iam::${MGMT}:user/erin.leaver`,
      `github:${github.scenario.org}/erin`,
    ]);
    expect(erin.latencyHours).toBeCloseTo(
      (NOW.getTime() - Date.parse(LEAVER_DEPROVISIONED_AT)) / 3_600_000,
      2,
    );
    expect(erin.breachesSla).toBe(true);
    expect(d.orphans.map((o) => o.resource)).toContain(`arn:aws:iam::${MGMT}:user/ci-bot`);
    expect(d.inputs.map((i) => i.collector).sort()).toEqual([
      'aws-iam-credential-report',
      'entra-users',
      'github-org',
      'okta-users',
    ]);
  });

  it('FAILs IAM-08 naming erin, and judges MFA from the IdP and GitHub evidence', async () => {
    const controls = loadControls();
    const ttl = (id: string) => getCollector(id)?.meta.ttlHours;
    const all = await Promise.all(
      ['access-reconciliation', 'aws-iam-credential-report', 'okta-users', 'entra-users', 'github-org'].map(
        (c) => evidence.latest(c),
      ),
    );
    const inputs = all.flat();
    const iam08 = evaluateControl(
      controls.find((c) => c.id === 'IAM-08')!,
      rules,
      inputs,
      NOW,
      ttl,
    );
    expect(iam08.status).toBe('FAIL');
    const leaver = iam08.failing.find((f) => f.resource === `tenant=all/${LEAVER_EMAIL}`);
    expect(leaver?.reason).toMatch(
      /still active in .*erin\.leaver.*github:acme\/erin.*h since deprovisioning/,
    );
    expect(iam08.ruleVersions).toHaveProperty('access-leavers-deprovisioned-within-sla');

    const iam02 = evaluateControl(
      controls.find((c) => c.id === 'IAM-02')!,
      rules,
      inputs,
      NOW,
      ttl,
    );
    expect(iam02.status).toBe('FAIL');
    expect(iam02.failing.map((f) => f.resource)).toEqual(
      expect.arrayContaining(['tenant=acme.okta.com/carol@acme.example', 'org=acme/github:acme/dave']),
    );
  });

  it('resolves MFA, branch protection, peer review and deprovisioning controls to every framework', () => {
    const frameworks = loadFrameworks();
    const controls = loadControls();
    for (const id of ['IAM-02', 'CHG-01', 'CHG-05', 'IAM-08']) {
      const control = controls.find((c) => c.id === id)!;
      expect(
        rules.some(
          (r) => r.controls.includes(id) && (control.collectors as readonly string[]).includes(r.collector),
        ),
      ).toBe(true);
      const resolved = requirementsForControl(frameworks, control);
      const mapped = new Set(control.mappings.map((m) => m.framework));
      for (const fw of ['iso27001-2022', 'soc2-2017', 'nis2', 'gdpr'] as const) {
        if (!mapped.has(fw)) continue;
        expect(resolved.filter((r) => r.framework === fw).length).toBeGreaterThan(0);
      }
      expect([...mapped].sort()).toEqual(['gdpr', 'iso27001-2022', 'nis2', 'soc2-2017']);
    }
  });
});
