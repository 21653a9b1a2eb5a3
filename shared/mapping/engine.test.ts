import { describe, expect, it } from '@jest/globals';
import { DEFAULT_THRESHOLDS, outcome } from '../rules/types.js';
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
    expect(r.observations).toBeUndefined();
  });

  it('cites the logged observation statement a re-observed input was judged at', () => {
    const observation = 'b'.repeat(64);
    const reobserved = { ...goodUsers(), observedAt: hoursAgo(100), confirmedAt: hoursAgo(2), observation };
    const r = evaluateControl(control, rules, [goodPolicy(), reobserved], NOW, ttlHoursOf);
    expect(r.status).toBe('PASS');
    expect(r.artifacts).toContain(reobserved.sha256);
    expect(r.observations).toEqual([observation]);
    // Judged at its own observation (no later confirmation): the statement is not what the time rests on.
    const own = { ...goodUsers(), observation };
    expect(
      evaluateControl(control, rules, [goodPolicy(), own], NOW, ttlHoursOf).observations,
    ).toBeUndefined();
  });

  it('returns UNKNOWN for data-less evidence, naming the failed call in words', () => {
    const errors = [{ code: 'AccessDenied', message: 'no', operation: 'ListUsers' }];
    const r = evaluateControl(
      control,
      rules,
      [goodPolicy(), { ...goodUsers(), data: null, errors }],
      NOW,
      ttlHoursOf,
    );
    expect(r.status).toBe('UNKNOWN');
    expect(r.reason).toContain(
      'stored no data: could not see part of the listing (ListUsers: access was denied)',
    );
  });

  it('judges what a partial artifact holds: a failing resource still fails, a pass becomes UNKNOWN naming the gap', () => {
    const errors = [{ code: 'Throttled', message: 'slow', resource: 'carol', operation: 'GetUser' }];
    const bad = { ...goodUsers(), data: { users: [{ name: 'bob', ok: false }] }, errors, complete: false };
    const good = { ...goodUsers(), errors, complete: false };
    const failed = evaluateControl(control, rules, [goodPolicy(), bad], NOW, ttlHoursOf);
    expect(failed.status).toBe('FAIL');
    expect(failed.failing).toEqual([{ resource: 'account=123456789012,region=global/bob' }]);
    expect(failed.reason).toContain(
      'some users fail; also could not see carol (GetUser: the source kept throttling',
    );
    const unsure = evaluateControl(control, rules, [goodPolicy(), good], NOW, ttlHoursOf);
    expect(unsure.status).toBe('UNKNOWN');
    expect(unsure.reason).toBe(
      'demo-users-ok @ account=123456789012,region=global: all ok among what was read, but could not see carol (GetUser: the source kept throttling the requests)',
    );
    const incomplete = evaluateControl(
      control,
      rules,
      [goodPolicy(), { ...goodUsers(), complete: false }],
      NOW,
      ttlHoursOf,
    );
    expect(incomplete.status).toBe('UNKNOWN');
    expect(incomplete.reason).toContain('marked its listing incomplete');
  });

  it('ignores failed calls of operations a rule does not read', () => {
    const errors = [{ code: 'SyntaxError', message: 'html', resource: 'k', operation: 'GetDefaultKey' }];
    const reader = { ...usersRule, reads: ['ListUsers'] };
    const r = evaluateControl(
      control,
      [policyRule, reader],
      [goodPolicy(), { ...goodUsers(), errors, complete: false }],
      NOW,
      ttlHoursOf,
    );
    expect(r.status).toBe('PASS');
  });

  it('passes the configured thresholds to rules', () => {
    const seen: number[] = [];
    const spy = {
      ...policyRule,
      evaluate: (_d: unknown, ctx: { thresholds: { passwordMinimumLength: number } }) => {
        seen.push(ctx.thresholds.passwordMinimumLength);
        return { status: 'PASS' as const, reason: 'ok', failing: [] };
      },
    };
    evaluateControl(control, [spy], [goodPolicy()], NOW, ttlHoursOf);
    evaluateControl(control, [spy], [goodPolicy()], NOW, ttlHoursOf, {
      thresholds: { ...DEFAULT_THRESHOLDS, passwordMinimumLength: 20 },
    });
    expect(seen).toEqual([14, 20]);
  });

  it('records every rule-level verdict on the result', () => {
    const r = evaluateControl(control, rules, [goodPolicy(), goodUsers()], NOW, ttlHoursOf);
    expect(r.rules).toEqual([
      {
        rule: 'demo-policy-length',
        scope: 'account=123456789012,region=global',
        status: 'PASS',
        reason: 'long enough',
        failing: [],
      },
      {
        rule: 'demo-users-ok',
        scope: 'account=123456789012,region=global',
        status: 'PASS',
        reason: 'all ok',
        failing: [],
      },
    ]);
  });

  it('returns UNKNOWN, never PASS, when a rule reports data that should exist as missing', () => {
    const missing = { ...usersRule, evaluate: () => outcome.unknown('the report has no root row') };
    const r = evaluateControl(control, [policyRule, missing], [goodPolicy(), goodUsers()], NOW, ttlHoursOf);
    expect(r.status).toBe('UNKNOWN');
    expect(r.reason).toContain('the report has no root row');
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
    const broken = { ...goodPolicy(), data: null, errors: [{ code: 'Throttling' }] };
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

  it('returns NOT_APPLICABLE only when no rule applied, and PASS only when one applicable rule passed', () => {
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
