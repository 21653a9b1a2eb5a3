import { describe, expect, it } from '@jest/globals';
import type { ControlStatus } from '../mapping/types.js';
import { evaluateWindow, evaluateWindows, whollyNotApplicable, type WindowResult } from './evaluate.js';

const WINDOW = { start: '2026-01-01', end: '2026-01-20' }; // 20 days
/** `perDay(d)` results on day d, at 01:00, 02:00, … UTC. */
const days = (status: (d: number) => ControlStatus | undefined, perDay = 1): WindowResult[] =>
  Array.from({ length: 20 }, (_, d) => d).flatMap((d) => {
    const s = status(d);
    return s
      ? Array.from({ length: perDay }, (_, i) => ({ observedAt: Date.UTC(2026, 0, 1 + d, 1 + i), status: s }))
      : [];
  });
const daily = (id: string) => ({ id, frequency: 'daily' as const });

describe('a control window report', () => {
  it('counts the results in each period', () => {
    const r = evaluateWindow({
      window: WINDOW,
      control: daily('IAM-01'),
      results: days((d) => (d === 3 ? undefined : 'PASS'), 3),
    });
    expect(r.periods.map((p) => p.results)).toEqual([3, 3, 3, 0, ...new Array(16).fill(3)]);
  });

  it('reports zero coverage and pass rate, not NaN, when there is no evidence at all', () => {
    const r = evaluateWindow({ window: WINDOW, control: daily('IAM-01'), results: [] });
    expect(r.counts).toEqual({ PASS: 0, FAIL: 0, UNKNOWN: 0, MISSING: 20 });
    expect(r.coverage).toBe(0);
    expect(r.passRate).toBe(0);
    expect(r.verdict).toBe('insufficient_evidence');
    expect(r.verdictReason).toBe('coverage 0.0% < 95.0%');
    expect(r.exceptions).toEqual([]);
    expect(whollyNotApplicable(r)).toBe(false);
  });

  it('explains NOT_APPLICABLE days only when they are why the evidence is insufficient', () => {
    // One NOT_APPLICABLE day out of 20: still effective, and the reason says nothing about it.
    const one = evaluateWindow({
      window: WINDOW,
      control: daily('DAT-01'),
      results: days((d) => (d === 5 ? 'NOT_APPLICABLE' : 'PASS')),
    });
    expect(one.notApplicablePeriods).toBe(1);
    expect(one.verdict).toBe('effective');
    expect(one.verdictReason).toBe('coverage 100.0%, no failing period');
    expect(one.exceptions).toEqual([]);
    // Eleven of 20: an UNKNOWN majority, and the reason says they were NOT_APPLICABLE.
    const most = evaluateWindow({
      window: WINDOW,
      control: daily('DAT-01'),
      results: days((d) => (d < 11 ? 'NOT_APPLICABLE' : 'PASS')),
    });
    expect(most.verdict).toBe('insufficient_evidence');
    expect(most.verdictReason).toBe(
      '11 of 20 evidenced periods UNKNOWN (11 of them NOT_APPLICABLE, which is not met unless the requirement is excluded from scope)',
    );
  });

  it('calls a control wholly not applicable only when nothing but NOT_APPLICABLE was ever seen', () => {
    const with_ = (other: ControlStatus) =>
      evaluateWindow({
        window: WINDOW,
        control: daily('DAT-01'),
        results: days((d) => (d === 0 ? other : d < 15 ? 'NOT_APPLICABLE' : undefined)),
      });
    expect(whollyNotApplicable(with_('NOT_APPLICABLE'))).toBe(true);
    expect(whollyNotApplicable(with_('PASS'))).toBe(false);
    expect(whollyNotApplicable(with_('FAIL'))).toBe(false);
    expect(whollyNotApplicable(with_('UNKNOWN'))).toBe(false);
  });
});

describe('evaluateWindows', () => {
  it('judges each control over its own frequency, as evaluateWindow does alone, with the thresholds given', () => {
    const controls = [daily('IAM-01'), { id: 'GOV-04', frequency: 'weekly' as const }, daily('IAM-02')];
    const results: Record<string, WindowResult[]> = {
      'IAM-01': days((d) => (d === 4 ? 'FAIL' : 'PASS')),
      'GOV-04': days((d) => (d % 7 === 2 ? 'PASS' : undefined)),
      'IAM-02': days((d) => (d < 2 ? undefined : 'PASS')),
    };
    const thresholds = { minCoverage: 0.9, minPassRate: 0.99, maxRemediationDays: 0 };
    const reports = evaluateWindows(WINDOW, controls, (id) => results[id]!, thresholds);
    expect(reports.map((r) => [r.controlId, r.frequency, r.periods.length, r.verdict])).toEqual([
      ['IAM-01', 'daily', 20, 'not_effective'],
      ['GOV-04', 'weekly', 3, 'effective'],
      ['IAM-02', 'daily', 20, 'effective'],
    ]);
    controls.forEach((control, i) =>
      expect(reports[i]).toEqual(
        evaluateWindow({ window: WINDOW, control, results: results[control.id]!, thresholds }),
      ),
    );
    // With the default thresholds the one-day failure is an exception, and 90% coverage is not enough.
    expect(evaluateWindows(WINDOW, controls, (id) => results[id]!).map((r) => r.verdict)).toEqual([
      'effective_with_exceptions',
      'effective',
      'insufficient_evidence',
    ]);
  });
});
