import { describe, expect, it } from '@jest/globals';
import { evaluateControl } from '../../mapping/engine.js';
import { MemoryResultsStore } from '../../mapping/memory-results-store.js';
import { NOW, evidence } from '../../mapping/test-fixtures.js';
import { rules } from '../../rules/registry.js';
import { renderExplanation } from '../commands/explain.js';
import { explainControl } from './explain.js';

const iam05 = {
  id: 'IAM-05',
  title: 'Root account protected',
  collectors: [],
  frequency: 'daily' as const,
  version: '1',
};
const ttl = () => 24;
const root = (r: unknown) =>
  evidence({
    collector: 'aws-iam-credential-report',
    data: { generatedAt: NOW.toISOString(), root: r, users: [] },
  });
const summary = (keys: boolean) =>
  evidence({ collector: 'aws-iam-account-summary', data: { accountAccessKeysPresent: keys } });

describe('explainControl', () => {
  it('shows every rule verdict, its reason in words and the benchmark, for the stored state', async () => {
    const store = new MemoryResultsStore();
    const result = evaluateControl(iam05, rules, [root(null), summary(false)], NOW, ttl);
    await store.putResult(result);
    await store.updateState(result);
    const e = await explainControl(iam05, rules, store);
    expect(e.status).toBe('UNKNOWN');
    expect(e.rules).toEqual([
      expect.objectContaining({
        rule: 'iam-root-access-key-absent',
        status: 'PASS',
        reason: 'the root user has no access keys',
        benchmarks: expect.objectContaining({ cis: ['1.4'] }),
      }),
      expect.objectContaining({
        rule: 'iam-root-mfa-enabled',
        status: 'UNKNOWN',
        reason: expect.stringContaining('the credential report has no root account row'),
      }),
    ]);
    const text = renderExplanation(e, false);
    expect(text).toContain('IAM-05 Root account protected: UNKNOWN');
    expect(text).toContain('iam-root-mfa-enabled');
    expect(text).toContain('CIS 1.4');
  });

  it('lists the failing resources of each failing rule', async () => {
    const store = new MemoryResultsStore();
    const result = evaluateControl(iam05, rules, [root(null), summary(true)], NOW, ttl);
    await store.putResult(result);
    await store.updateState(result);
    const e = await explainControl(iam05, rules, store);
    expect(e.status).toBe('FAIL');
    expect(e.rules.find((r) => r.rule === 'iam-root-access-key-absent')!.failing).toEqual([
      { resource: 'root-account', reason: 'AccountAccessKeysPresent=1' },
    ]);
    expect(renderExplanation(e, false)).toContain('fails on:');
  });

  it('says how to get a result when the control was never evaluated', async () => {
    const e = await explainControl(iam05, rules, new MemoryResultsStore());
    expect(e).toMatchObject({ status: 'NOT_EVALUATED', rules: [] });
    expect(renderExplanation(e, false)).toContain('run `flux-evidence evaluate`');
  });
});
