import { describe, expect, it } from '@jest/globals';
import { repo, repos } from './lib/github-repo-fixtures.js';
import { rule } from './github-repo-secret-scanning-enabled.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const sa = (secretScanning: 'enabled' | 'disabled' | null) => ({
  securityAndAnalysis: {
    secretScanning,
    secretScanningPushProtection: null,
    dependabotSecurityUpdates: null,
  },
});

describe('github-repo-secret-scanning-enabled', () => {
  it('returns PASS when every non-archived repository scans for secrets', () => {
    const out = rule.evaluate(repos([repo('api'), repo('old', { archived: true, ...sa('disabled') })]), ctx);
    expect(out.status).toBe('PASS');
  });

  it('returns FAIL naming disabled and hidden settings', () => {
    const out = rule.evaluate(
      repos([repo('api'), repo('web', sa('disabled')), repo('ops', { securityAndAnalysis: null })]),
      ctx,
    );
    expect(out.failing).toEqual([
      { resource: 'acme/web', reason: 'secret scanning disabled' },
      { resource: 'acme/ops', reason: 'secret scanning setting not shown (admin access needed)' },
    ]);
  });

  it('returns NOT_APPLICABLE when every repository is archived', () => {
    expect(rule.evaluate(repos([repo('old', { archived: true })]), ctx).status).toBe('NOT_APPLICABLE');
  });

  it('returns NOT_APPLICABLE for empty input', () => {
    expect(rule.evaluate(repos([]), ctx).status).toBe('NOT_APPLICABLE');
  });
});
