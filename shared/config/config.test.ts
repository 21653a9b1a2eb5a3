import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { loadConfigFile, parseConfig } from './load.js';

const problems = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
};

describe('parseConfig', () => {
  it('fills sensible defaults for an empty config', () => {
    const c = parseConfig({});
    expect(c.retention).toEqual({ mode: 'COMPLIANCE', days: 2190 });
    expect(c.aws.regions).toBe('all-enabled');
    expect(c.frameworks).toHaveLength(4);
    expect(c.deployment).toBeUndefined();
  });

  it('defaults rule thresholds to the CIS AWS Foundations Benchmark and checks overrides', () => {
    const c = parseConfig({ rules: { unusedCredentialDays: 90 } });
    expect(c.rules).toMatchObject({
      unusedCredentialDays: 90,
      passwordMinimumLength: 14,
      passwordReusePrevention: 24,
      requiredApprovals: 1,
    });
    expect(c.rules.adminPorts).toEqual(expect.arrayContaining([22, 3389, 445]));
    const issues = problems(() =>
      parseConfig({ rules: { passwordReusePrevention: 30, adminPorts: [0], mfa: 1 } }),
    );
    expect(issues.join('\n')).toMatch(/rules\.passwordReusePrevention/);
    expect(issues.join('\n')).toMatch(/rules\.adminPorts\.0/);
    expect(issues.join('\n')).toMatch(/mfa/);
  });

  it('lists every unknown and bad key at once', () => {
    const issues = problems(() =>
      parseConfig({
        retenton: { days: 10 },
        aws: { regions: ['mars-north-1'], accounts: { mode: 'list', ids: ['123'] }, extra: true },
        window: { start: '2026-06-01', end: '2026-01-01' },
        auditors: [{ principalArn: 'bob', engagement: 'X', frameworks: [], endsOn: 'soon' }],
      }),
    );
    const text = issues.join('\n');
    expect(text).toMatch(/retenton/);
    expect(text).toMatch(/aws: .*extra/);
    expect(text).toMatch(/aws\.regions\.0/);
    expect(text).toMatch(/aws\.accounts\.ids\.0/);
    expect(text).toMatch(/window: window\.end must be after window\.start/);
    expect(text).toMatch(/auditors\.0\.principalArn/);
    expect(text).toMatch(/auditors\.0\.endsOn/);
    expect(issues.length).toBeGreaterThanOrEqual(7);
  });

  it('reports a file that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flux-config-'));
    const file = join(dir, 'flux.config.json');
    writeFileSync(file, '{ "origin": ');
    expect(problems(() => loadConfigFile(file)).join()).toMatch(/not valid JSON/);
    expect(problems(() => loadConfigFile(join(dir, 'missing.json'))).join()).toMatch(/cannot be read/);
  });
});

describe('flux.config.example.json', () => {
  it('is a valid configuration', () => {
    const c = loadConfigFile(new URL('../../flux.config.example.json', import.meta.url).pathname);
    expect(c.aws.accounts).toEqual({ mode: 'organization', exclude: [] });
    expect(c.auditors[0]?.engagement).toBe('soc2-2026');
  });
});
