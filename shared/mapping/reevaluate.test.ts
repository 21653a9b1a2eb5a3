import { describe, expect, it } from '@jest/globals';
import { defineRule, outcome } from '../rules/types.js';
import { evaluateControl } from './engine.js';
import { reevaluate } from './reevaluate.js';
import { NOW, control, evidence, hoursAgo, policyRule, ttlHoursOf, usersRule } from './test-fixtures.js';
import type { EvidenceInput } from './types.js';

async function* stream(items: EvidenceInput[]): AsyncIterable<EvidenceInput> {
  yield* items;
}

describe('reevaluate', () => {
  it('lists the stored results whose status or failing resources change under a new rule version', async () => {
    const users = evidence({ collector: 'demo-users', data: { users: [] } });
    const lengths = [16, 12, 10];
    const policies = lengths.map((n, i) =>
      evidence({ collector: 'demo-policy', data: { minimumLength: n }, observedAt: hoursAgo(3 - i) }),
    );
    const stored = policies.map((p) =>
      evaluateControl(control, [policyRule, usersRule], [p, users], NOW, ttlHoursOf),
    );
    expect(stored.map((r) => r.status)).toEqual(['PASS', 'FAIL', 'FAIL']);

    const v2 = defineRule<{ minimumLength: number }>({
      ...policyRule,
      version: '2.0.0',
      evaluate: (d) =>
        outcome.of(
          d.minimumLength >= 12 ? [] : [{ resource: 'policy', reason: `len=${d.minimumLength}` }],
          'ok',
          'short',
        ),
    });
    const unrelated = evidence({ collector: 'demo-logs', data: {} });
    const report = await reevaluate({
      control,
      rules: [v2, usersRule],
      evidence: stream([unrelated, users, ...policies]),
      stored,
      ttlHoursOf,
    });

    expect(report.ruleVersions).toEqual({ 'demo-policy-length': '2.0.0', 'demo-users-ok': '3.0.0' });
    expect(report.compared).toBe(3);
    expect(report.changes).toHaveLength(1);
    const [change] = report.changes;
    expect(change!.before.status).toBe('FAIL');
    expect(change!.after).toMatchObject({
      status: 'PASS',
      ruleVersions: { 'demo-policy-length': '2.0.0' },
      evaluatedAt: stored[1]!.evaluatedAt,
    });
    expect(change!.noLongerFailing).toEqual([
      { resource: 'account=123456789012,region=global/policy', reason: 'len=12' },
    ]);
  });

  it('skips results whose artifacts are not in the evidence given', async () => {
    const p = evidence({ collector: 'demo-policy', data: { minimumLength: 16 } });
    const u = evidence({ collector: 'demo-users', data: { users: [] } });
    const stored = [evaluateControl(control, [policyRule, usersRule], [p, u], NOW, ttlHoursOf)];
    const report = await reevaluate({
      control,
      rules: [policyRule, usersRule],
      evidence: stream([p]),
      stored,
      ttlHoursOf,
    });
    expect(report).toMatchObject({ compared: 0, changes: [] });
    expect(report.skipped).toEqual(stored);
  });
});
