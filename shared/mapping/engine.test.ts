import { describe, expect, it } from '@jest/globals';
import { evaluateControl } from './engine.js';
import { NOW, control, evidence, hoursAgo, policyRule, ttlHoursOf, usersRule } from './test-fixtures.js';

const rules = [policyRule, usersRule];
const goodPolicy = () => evidence({ collector: 'demo-policy', data: { minimumLength: 16 } });
const goodUsers = () => evidence({ collector: 'demo-users', data: { users: [{ name: 'alice', ok: true }] } });

describe('evaluateControl', () => {
  it('returns PASS with versions, artifacts and the oldest observation when every rule passes', () => {
    const p = { ...goodPolicy(), observedAt: hoursAgo(5) };
    const u = goodUsers();
    const r = evaluateControl(control, rules, [p, u], NOW, ttlHoursOf);
    expect(r).toMatchObject({
      controlId: 'IAM-04',
      status: 'PASS',
      mappingVersion: '2.1.0',
      observedAt: hoursAgo(5),
      evaluatedAt: NOW.toISOString(),
    });
    expect(r.ruleVersions).toEqual({ 'demo-policy-length': '1.0.0', 'demo-users-ok': '3.0.0' });
    expect(r.artifacts).toEqual([p.sha256, u.sha256].sort());
  });

  it('returns UNKNOWN, never PASS, when a collector has no evidence', () => {
    const r = evaluateControl(control, rules, [goodPolicy()], NOW, ttlHoursOf);
    expect(r.status).toBe('UNKNOWN');
    expect(r.reason).toBe('demo-users-ok: no evidence from demo-users');
  });

  it('returns UNKNOWN when evidence is older than its collector TTL', () => {
    const stale = { ...goodUsers(), observedAt: hoursAgo(25), collectedAt: hoursAgo(25) };
    const r = evaluateControl(control, rules, [goodPolicy(), stale], NOW, ttlHoursOf);
    expect(r.status).toBe('UNKNOWN');
    expect(r.reason).toContain('evidence from demo-users is stale: last observed 25 hours ago (ttl 24h)');
    expect(r.observedAt).toBe(hoursAgo(25));
  });

  it('counts a later re-observation of unchanged content as fresh', () => {
    const reconfirmed = { ...goodUsers(), observedAt: hoursAgo(100), confirmedAt: hoursAgo(2) };
    const r = evaluateControl(control, rules, [goodPolicy(), reconfirmed], NOW, ttlHoursOf);
    expect(r.status).toBe('PASS');
    expect(r.observedAt).toBe(hoursAgo(2));
  });

  it('returns UNKNOWN for errored, data-less or incomplete evidence', () => {
    const cases = [
      { ...goodUsers(), errors: [{ code: 'AccessDenied', message: 'no' }], complete: false },
      { ...goodUsers(), data: null },
      { ...goodUsers(), complete: false },
    ];
    const reasons = cases.map((u) => evaluateControl(control, rules, [goodPolicy(), u], NOW, ttlHoursOf));
    expect(reasons.map((r) => r.status)).toEqual(['UNKNOWN', 'UNKNOWN', 'UNKNOWN']);
    expect(reasons[0]!.reason).toContain('reported 1 error(s): AccessDenied');
    expect(reasons[1]!.reason).toContain('stored no data');
    expect(reasons[2]!.reason).toContain('marked its listing incomplete');
  });

  it('returns UNKNOWN for an unregistered collector, a rule that throws, or data a rule cannot read', () => {
    const throwing = {
      ...usersRule,
      evaluate: () => {
        throw new Error('boom');
      },
    };
    const picky = { ...usersRule, accepts: () => false };
    expect(
      evaluateControl(control, rules, [goodPolicy(), goodUsers()], NOW, () => undefined).reason,
    ).toContain('is not registered');
    expect(
      evaluateControl(control, [policyRule, throwing], [goodPolicy(), goodUsers()], NOW, ttlHoursOf).reason,
    ).toContain('threw: boom');
    expect(
      evaluateControl(control, [policyRule, picky], [goodPolicy(), goodUsers()], NOW, ttlHoursOf).reason,
    ).toContain('cannot read');
  });

  it('returns FAIL with every failing resource prefixed by its scope, even when other inputs are UNKNOWN', () => {
    const badA = evidence({
      collector: 'demo-users',
      scope: 'account=111111111111',
      data: { users: [{ name: 'bob', ok: false }] },
    });
    const badB = evidence({
      collector: 'demo-users',
      scope: 'account=222222222222',
      data: {
        users: [
          { name: 'eve', ok: false },
          { name: 'al', ok: true },
        ],
      },
    });
    const broken = { ...goodPolicy(), errors: [{ code: 'Throttling' }] };
    const r = evaluateControl(control, rules, [broken, badA, badB], NOW, ttlHoursOf);
    expect(r.status).toBe('FAIL');
    expect(r.failing).toEqual([
      { resource: 'account=111111111111/bob' },
      { resource: 'account=222222222222/eve' },
    ]);
    expect(r.reason).toBe(
      'demo-users-ok @ account=111111111111: some users fail; demo-users-ok @ account=222222222222: some users fail',
    );
  });

  it('returns NOT_APPLICABLE only when every rule and scope is not applicable', () => {
    const noUsers = evidence({ collector: 'demo-users', data: { users: [] } });
    const usersOnly = { ...control, id: 'IAM-99' };
    const rule = { ...usersRule, controls: ['IAM-99'] };
    expect(evaluateControl(usersOnly, [rule], [noUsers], NOW, ttlHoursOf).status).toBe('NOT_APPLICABLE');
    expect(evaluateControl(control, rules, [goodPolicy(), noUsers], NOW, ttlHoursOf).status).toBe('PASS');
  });

  it('returns UNKNOWN when no rule evaluates the control', () => {
    const r = evaluateControl({ ...control, id: 'LOG-01' }, rules, [goodPolicy()], NOW, ttlHoursOf);
    expect(r).toMatchObject({
      status: 'UNKNOWN',
      reason: '-: no rule evaluates LOG-01',
      artifacts: [],
      observedAt: NOW.toISOString(),
    });
  });
});
