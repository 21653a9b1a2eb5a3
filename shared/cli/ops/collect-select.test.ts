// Which collectors `collect` runs for a configuration (selectCollectors): an AWS collector that needs an
// identity-provider block (Identity Center's store) runs only when that block is configured, so a deployment without
// Identity Center neither plans nor fails it, and asking for it by name says what is missing.
import { describe, expect, it } from '@jest/globals';
import { loadConfigFile, parseConfig } from '../../config/load.js';
import { ValidationError } from '../../errors.js';
import { selectCollectors } from './collect.js';

const base = JSON.parse(JSON.stringify(loadConfigFile('flux.config.example.json'))) as Record<
  string,
  unknown
>;
const without = parseConfig(base);
const withStore = parseConfig({
  ...base,
  identityProviders: {
    ...(base.identityProviders as object),
    identityCenter: { identityStoreId: 'd-1234567890', region: 'eu-west-1' },
  },
});
const ids = (config: typeof without) => selectCollectors(config).map((c) => c.meta.id);
const IDC = 'aws-identity-center-users';

describe('selectCollectors', () => {
  it('leaves the Identity Center collector out when no store is configured, keeping the other AWS collectors', () => {
    expect(ids(without)).not.toContain(IDC);
    expect(ids(without)).toContain('aws-kms-keys');
    expect(ids(withStore)).toContain(IDC);
    expect(ids(withStore).length).toBe(ids(without).length + 1);
  });

  it('names the missing block when the collector is asked for by name', () => {
    expect(() => selectCollectors(without, [IDC])).toThrow(ValidationError);
    expect(() => selectCollectors(without, [IDC])).toThrow(
      `--collector ${IDC}: its source (identityProviders.identityCenter) is not configured`,
    );
    expect(selectCollectors(withStore, [IDC]).map((c) => c.meta.id)).toEqual([IDC]);
  });
});
