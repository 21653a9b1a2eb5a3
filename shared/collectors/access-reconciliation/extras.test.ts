import { describe, expect, it } from '@jest/globals';
import { FluxConfigSchema } from '../../config/schema.js';
import { MemoryEvidenceLoader } from '../../mapping/evidence-loader.js';
import { configuredIdentityCollectors, reconciliationExtras } from './extras.js';

const config = (o: Record<string, unknown> = {}) => FluxConfigSchema.parse({ origin: 'acme/test', ...o });
const evidence = (collector: string, scope: string) => ({
  collector,
  scope,
  sha256: 'b'.repeat(64),
  observedAt: '2026-02-01T00:00:00Z',
  collectedAt: '2026-02-01T00:00:00Z',
  confirmedAt: '2026-03-01T00:00:00Z',
  data: { users: [] },
  errors: [],
  complete: true,
});

describe('reconciliation extras', () => {
  it('reads only the identity sources the configuration has', () => {
    expect(configuredIdentityCollectors(config())).toEqual(['aws-iam-credential-report']);
    const c = config({
      identityProviders: { okta: { baseUrl: 'https://acme.okta.com', tokenSecret: 'okta' } },
      github: { org: 'acme', auth: { type: 'token', tokenSecret: 'gh' } },
      collectors: { 'github-org': { enabled: false } },
    });
    expect(configuredIdentityCollectors(c)).toEqual(['okta-users', 'aws-iam-credential-report']);
  });

  it('loads their latest artifacts, dated by re-observation, with the SLA and links from configuration', async () => {
    const loader = new MemoryEvidenceLoader();
    loader.add(evidence('okta-users', 'tenant=acme.okta.com'));
    loader.add(evidence('aws-identity-center-users', 'account=111111111111,region=global'));
    const c = config({
      identityProviders: { okta: { baseUrl: 'https://acme.okta.com', tokenSecret: 'okta' } },
      accessReconciliation: {
        deprovisioningSlaHours: 8,
        identityLinks: { 'github:erin': 'erin@acme.example' },
      },
    });
    const x = await reconciliationExtras(c, loader);
    expect(Object.keys(x.identitySources)).toEqual(['okta-users']);
    expect(x.identitySources['okta-users']![0]).toMatchObject({
      observedAt: '2026-03-01T00:00:00.000Z',
      complete: true,
    });
    expect(x).toMatchObject({
      deprovisioningSlaHours: 8,
      identityLinks: { 'github:erin': 'erin@acme.example' },
    });
  });
});
