import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../shared/config/load.js';
import { rulesForConfig } from '../../shared/cli/ops/collect.js';
import { rules, rulesForCollectors } from '../../shared/rules/registry.js';

describe('rulesForConfig', () => {
  it('judges only rules whose collector runs in this deployment', () => {
    const oktaOnly = parseConfig({
      identityProviders: { okta: { baseUrl: 'https://acme.okta.com', tokenSecret: 'flux/okta' } },
    });
    const ids = rulesForConfig(rules, oktaOnly).map((r) => r.collector);
    expect(ids).toContain('okta-users');
    expect(ids).toContain('aws-iam-credential-report');
    expect(ids).not.toContain('entra-users');
    expect(ids).not.toContain('google-workspace-users');
    expect(ids).not.toContain('github-org');
  });

  it('drops rules of collectors disabled in the configuration', () => {
    const config = parseConfig({ collectors: { 'aws-kms-keys': { enabled: false } } });
    expect(rulesForConfig(rules, config).some((r) => r.collector === 'aws-kms-keys')).toBe(false);
    expect(rulesForConfig(rules, config).some((r) => r.collector === 'aws-rds-instances')).toBe(true);
  });
});

describe('rulesForCollectors', () => {
  it('keeps the rules whose collector is listed, in registry order', () => {
    const kept = rulesForCollectors(rules, ['okta-users', 'aws-s3-buckets']);
    expect(kept).toEqual(
      rules.filter((r) => r.collector === 'okta-users' || r.collector === 'aws-s3-buckets'),
    );
    expect(kept.length).toBeGreaterThan(1);
  });

  it('keeps nothing when no collector is listed', () => {
    expect(rulesForCollectors(rules, [])).toEqual([]);
  });
});
