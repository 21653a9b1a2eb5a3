import { describe, expect, it } from '@jest/globals';
import { outcome } from '../rules/types.js';
import { evaluateControl, freshAt } from './engine.js';
import { NOW, control, evidence, hoursAgo, policyRule, ttlHoursOf, usersRule } from './test-fixtures.js';

// The exact reason a control result gives for each way evidence can fall short: what an auditor reads on
// the report. engine.test.ts covers the verdict logic; this file pins the words and the boundaries.
const SCOPE = 'account=123456789012,region=global';
const policy = () => evidence({ collector: 'demo-policy', data: { minimumLength: 16 } });
const users = (list = [{ name: 'alice', ok: true }]) =>
  evidence({ collector: 'demo-users', data: { users: list } });
const only = { ...control, id: 'IAM-99' };
const usersOnly = { ...usersRule, controls: ['IAM-99'] };
const reasonOf = (input: ReturnType<typeof users>, rule = usersOnly, ttl = ttlHoursOf) =>
  evaluateControl(only, [rule], [input], NOW, ttl);

describe('evaluateControl reasons', () => {
  it('dates evidence by its latest confirmation, never by an earlier or missing one', () => {
    const e = users();
    expect(freshAt({ ...e, observedAt: hoursAgo(5), confirmedAt: hoursAgo(2) })).toBe(
      Date.parse(hoursAgo(2)),
    );
    expect(freshAt({ ...e, observedAt: hoursAgo(5), confirmedAt: hoursAgo(9) })).toBe(
      Date.parse(hoursAgo(5)),
    );
    expect(freshAt({ ...e, observedAt: hoursAgo(5) })).toBe(Date.parse(hoursAgo(5)));
  });

  it('keeps evidence exactly one TTL old and calls anything older stale, in whole hours', () => {
    expect(reasonOf({ ...users(), observedAt: hoursAgo(24) }).status).toBe('PASS');
    const stale = reasonOf({
      ...users(),
      observedAt: new Date(NOW.getTime() - 24 * 3_600_000 - 1).toISOString(),
    });
    expect(stale).toMatchObject({
      status: 'UNKNOWN',
      reason: `demo-users-ok @ ${SCOPE}: evidence from demo-users is stale: last observed 24 hours ago (ttl 24h)`,
    });
    const undated = reasonOf({ ...users(), observedAt: 'not a time' });
    expect(undated.reason).toBe(
      `demo-users-ok @ ${SCOPE}: evidence from demo-users is stale: last observed an unknown number of hours ago (ttl 24h)`,
    );
    // An undated input does not drag the result's time to an invalid date.
    expect(undated.observedAt).toBe(NOW.toISOString());
  });

  it('names an unregistered collector, a data-less artifact, unreadable data and a throwing rule', () => {
    expect(reasonOf(users(), usersOnly, () => undefined).reason).toBe(
      `demo-users-ok @ ${SCOPE}: collector demo-users is not registered, so its evidence cannot be dated`,
    );
    expect(reasonOf({ ...users(), data: null }).reason).toBe(
      `demo-users-ok @ ${SCOPE}: collector demo-users stored no data`,
    );
    expect(reasonOf({ ...users(), data: undefined }).reason).toBe(
      `demo-users-ok @ ${SCOPE}: collector demo-users stored no data`,
    );
    expect(reasonOf(users(), { ...usersOnly, accepts: () => false }).reason).toBe(
      `demo-users-ok @ ${SCOPE}: data from demo-users has a shape rule demo-users-ok cannot read`,
    );
    expect(reasonOf(users(), { ...usersOnly, accepts: () => true }).status).toBe('PASS');
    const throwing = {
      ...usersOnly,
      evaluate: () => {
        throw new Error('boom');
      },
    };
    expect(reasonOf(users(), throwing).reason).toBe(
      `demo-users-ok @ ${SCOPE}: rule demo-users-ok threw: boom`,
    );
  });

  it('qualifies a verdict on a partial listing by what was not seen', () => {
    const incomplete = { ...users(), complete: false };
    expect(reasonOf(incomplete)).toMatchObject({
      status: 'UNKNOWN',
      reason: `demo-users-ok @ ${SCOPE}: all ok among what was read, but could not see everything: collector demo-users marked its listing incomplete`,
      failing: [],
    });
    const unknownRule = { ...usersOnly, evaluate: () => outcome.unknown('no root row') };
    expect(reasonOf(incomplete, unknownRule).reason).toBe(
      `demo-users-ok @ ${SCOPE}: no root row, but could not see everything: collector demo-users marked its listing incomplete`,
    );
    const sure = {
      ...usersOnly,
      evaluate: () => ({ ...outcome.pass('no admin at all'), regardlessOfUnseen: true }),
    };
    expect(reasonOf(incomplete, sure)).toMatchObject({
      status: 'PASS',
      reason: `demo-users-ok @ ${SCOPE}: no admin at all; also could not see everything: collector demo-users marked its listing incomplete`,
    });
    const none = reasonOf({ ...users([]), complete: false });
    expect(none.status).toBe('UNKNOWN');
    expect(none.reason).toContain('no users among what was read, but');
    // A complete listing or one whose only errors are on calls the rule does not read stays as judged.
    expect(reasonOf(users()).status).toBe('PASS');
  });

  it('explains each combined status by the rules that decided it, and only those', () => {
    const noUsers = users([]);
    const na = evaluateControl(only, [usersOnly], [noUsers], NOW, ttlHoursOf);
    expect(na).toMatchObject({ status: 'NOT_APPLICABLE', reason: `demo-users-ok @ ${SCOPE}: no users` });
    const mixed = evaluateControl(
      only,
      [usersOnly],
      [noUsers, { ...users(), scope: 'account=2' }],
      NOW,
      ttlHoursOf,
    );
    expect(mixed).toMatchObject({ status: 'PASS', reason: 'demo-users-ok @ account=2: all ok' });
    const unknownAndPass = evaluateControl(control, [policyRule, usersRule], [policy()], NOW, ttlHoursOf);
    expect(unknownAndPass.reason).toBe('demo-users-ok: no evidence from demo-users');
    const failAndPass = evaluateControl(
      control,
      [policyRule, usersRule],
      [policy(), users([{ name: 'bob', ok: false }])],
      NOW,
      ttlHoursOf,
    );
    expect(failAndPass).toMatchObject({
      status: 'FAIL',
      reason: `demo-users-ok @ ${SCOPE}: some users fail`,
      failing: [{ resource: `${SCOPE}/bob` }],
    });
  });

  it('records only the rules of this control and each artifact and observation once, sorted', () => {
    const observation = 'c'.repeat(64);
    const a = {
      ...users(),
      sha256: 'f'.repeat(64),
      observedAt: hoursAgo(30),
      confirmedAt: hoursAgo(3),
      observation,
    };
    const b = { ...a, scope: 'account=2', observation: 'a'.repeat(64) };
    const c = { ...a, scope: 'account=3', sha256: '1'.repeat(64) };
    const r = evaluateControl(only, [usersOnly, policyRule], [a, b, c, policy()], NOW, ttlHoursOf);
    expect(r.ruleVersions).toEqual({ 'demo-users-ok': '3.0.0' });
    expect(r.artifacts).toEqual(['1'.repeat(64), 'f'.repeat(64)]);
    expect(r.observations).toEqual(['a'.repeat(64), observation]);
    expect(r.observedAt).toBe(hoursAgo(3));
    expect(r.rules).toHaveLength(3);
  });

  it('lists no failing resource on any verdict but FAIL, and joins several reasons with semicolons', () => {
    const undated = { ...users(), scope: 'account=2', observedAt: 'not a time' };
    const r = evaluateControl(
      control,
      [
        policyRule,
        usersRule,
        {
          ...usersRule,
          id: 'demo-users-throws',
          evaluate: () => {
            throw new Error('x');
          },
        },
      ],
      [{ ...users(), observedAt: hoursAgo(3) }, undated, { ...users(), scope: 'account=3', data: null }],
      NOW,
      ttlHoursOf,
    );
    expect(r.status).toBe('UNKNOWN');
    expect(r.reason.split('; ')).toHaveLength((r.rules ?? []).filter((j) => j.status === 'UNKNOWN').length);
    for (const j of r.rules ?? []) if (j.status !== 'FAIL') expect(j.failing).toEqual([]);
    expect(r.failing).toEqual([]);
    // The undated input is left out of the result's time instead of making it unknowable.
    expect(r.observedAt).toBe(hoursAgo(3));
    const twoPass = evaluateControl(
      only,
      [usersOnly],
      [users(), { ...users(), scope: 'account=2' }],
      NOW,
      ttlHoursOf,
    );
    expect(twoPass.reason).toBe(`demo-users-ok @ ${SCOPE}: all ok; demo-users-ok @ account=2: all ok`);
    const twoNa = evaluateControl(
      only,
      [usersOnly],
      [users([]), { ...users([]), scope: 'account=2' }],
      NOW,
      ttlHoursOf,
    );
    expect(twoNa).toMatchObject({
      status: 'NOT_APPLICABLE',
      reason: `demo-users-ok @ ${SCOPE}: no users; demo-users-ok @ account=2: no users`,
      failing: [],
    });
    const partial = reasonOf({ ...users(), complete: false });
    expect(partial.rules![0]!.failing).toEqual([]);
  });
});
