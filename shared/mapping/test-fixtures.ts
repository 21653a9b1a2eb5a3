import { defineRule, outcome, type Rule } from '../rules/types.js';
import type { ControlDef, EvidenceInput } from './types.js';

/** Shared fixtures for the mapping tests: a two-collector control and simple structural rules. */
export const NOW = new Date('2026-03-01T12:00:00.000Z');
export const hoursAgo = (h: number, from: Date = NOW) =>
  new Date(from.getTime() - h * 3_600_000).toISOString();

export const control: ControlDef = {
  id: 'IAM-04',
  title: 'Password policy',
  collectors: ['demo-policy', 'demo-users'],
  frequency: 'daily',
  version: '2.1.0',
  automation: 'automated',
};

export const policyRule: Rule<{ minimumLength: number }> = defineRule<{ minimumLength: number }>({
  id: 'demo-policy-length',
  version: '1.0.0',
  collector: 'demo-policy',
  controls: ['IAM-04'],
  title: 'length',
  evaluate: (d) =>
    outcome.of(
      d.minimumLength >= 14 ? [] : [{ resource: 'policy', reason: `len=${d.minimumLength}` }],
      'long enough',
      'too short',
    ),
});

export const usersRule: Rule<{ users: { name: string; ok: boolean }[] }> = defineRule<{
  users: { name: string; ok: boolean }[];
}>({
  id: 'demo-users-ok',
  version: '3.0.0',
  collector: 'demo-users',
  controls: ['IAM-04'],
  title: 'users ok',
  evaluate: (d) =>
    d.users.length === 0
      ? outcome.notApplicable('no users')
      : outcome.of(
          d.users.filter((u) => !u.ok).map((u) => ({ resource: u.name })),
          'all ok',
          'some users fail',
        ),
});

export const ttlHoursOf = (id: string) => ({ 'demo-policy': 36, 'demo-users': 24 })[id];

let seq = 0;
/** A fresh, complete, error-free artifact, overridable field by field. */
export function evidence(
  over: Partial<EvidenceInput> & Pick<EvidenceInput, 'collector' | 'data'>,
): EvidenceInput {
  seq++;
  return {
    scope: 'account=123456789012,region=global',
    sha256: seq.toString(16).padStart(64, '0'),
    observedAt: hoursAgo(1),
    collectedAt: hoursAgo(1),
    errors: [],
    complete: true,
    ...over,
  };
}
