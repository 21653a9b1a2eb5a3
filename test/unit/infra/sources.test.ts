// What each collector function is told about its source (infra/sources.ts): an AWS collector configured by an
// identity-provider block is deployed only with that block, and its function receives it.
import { describe, expect, it } from '@jest/globals';
import { sourceSettings } from '../../../infra/sources.js';
import { getCollector } from '../../../shared/collectors/registry.js';
import { loadConfigFile, parseConfig } from '../../../shared/config/load.js';

const base = JSON.parse(JSON.stringify(loadConfigFile('flux.config.example.json'))) as Record<
  string,
  unknown
>;
const identityCenter = { identityStoreId: 'd-1234567890', region: 'eu-central-1' };
const withIdentityCenter = parseConfig({
  ...base,
  identityProviders: { ...(base.identityProviders as object), identityCenter },
});
const without = parseConfig(base);
const meta = (id: string) => getCollector(id)!.meta;

describe('sourceSettings', () => {
  it('deploys no Identity Center collector when identityProviders.identityCenter is absent', () => {
    expect(meta('aws-identity-center-users').configuredBy).toBe('identityCenter');
    expect(sourceSettings(meta('aws-identity-center-users'), without)).toBeUndefined();
  });

  it("gives the Identity Center collector the aws block and the store's block, and no secret", () => {
    const s = sourceSettings(meta('aws-identity-center-users'), withIdentityCenter)!;
    expect(s.secrets).toEqual([]);
    expect(s.config.aws).toEqual(withIdentityCenter.aws);
    // Only that provider: the function never sees the Okta token's secret name or another provider's block.
    expect(s.config.identityProviders).toEqual({ identityCenter });
  });

  it('gives other AWS collectors the aws block only', () => {
    for (const config of [without, withIdentityCenter]) {
      const s = sourceSettings(meta('aws-kms-keys'), config)!;
      expect(Object.keys(s.config).sort()).toEqual(['aws', 'origin', 'retention']);
    }
  });
});
