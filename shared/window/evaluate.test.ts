import { describe, expect, it } from '@jest/globals';
import type { ControlStatus } from '../mapping/types.js';
import { evaluateWindow, type WindowResult } from './evaluate.js';

const WINDOW = { start: '2026-01-01', end: '2026-06-29' }; // 180 days
const DAY0 = Date.UTC(2026, 0, 1);
const at = (day: number, hour: number) =>
  new Date(DAY0 + day * 86_400_000 + hour * 3_600_000 + 30 * 60_000).toISOString();
const control = { id: 'IAM-04', frequency: 'daily' as const };

/** 24 hourly results a day (at hh:30) over 180 days; `status(day, hour)` returns undefined for a gap. */
function history(status: (day: number, hour: number) => ControlStatus | undefined): WindowResult[] {
  const out: WindowResult[] = [];
  for (let day = 0; day < 180; day++) {
    for (let hour = 0; hour < 24; hour++) {
      const s = status(day, hour);
      if (s) out.push({ observedAt: at(day, hour), status: s });
    }
  }
  return out;
}

/** Known gaps and failures: see the expectations below. */
const known = (day: number, hour: number): ControlStatus | undefined => {
  if (day >= 40 && day <= 44) return undefined; // 5 days without evidence
  if (day === 101 || day === 102) return undefined; // 2 more
  const t = day * 24 + hour;
  if (t >= 60 * 24 + 10 && t <= 62 * 24 + 9) return 'FAIL'; // day 60 10:30 → day 62 09:30
  if (day === 100 && hour === 3) return 'FAIL'; // one failing observation, fixed an hour later
  if (day === 120) return 'UNKNOWN';
  if (day >= 178) return 'FAIL'; // still failing when the window closes
  return hour % 5 === 0 ? 'NOT_APPLICABLE' : 'PASS';
};

describe('evaluateWindow', () => {
  it('labels 180 daily periods and reports exact coverage, pass rate and exception intervals', () => {
    const results = history(known).reverse(); // order must not matter
    const r = evaluateWindow({ window: WINDOW, control, results });
    expect(r.periods).toHaveLength(180);
    expect(r.counts).toEqual({ PASS: 166, FAIL: 6, UNKNOWN: 1, MISSING: 7 });
    expect(r.coverage).toBeCloseTo(173 / 180, 12);
    expect(r.passRate).toBeCloseTo(166 / 173, 12);
    expect(r.periods[40]).toEqual({
      index: 40,
      start: '2026-02-10T00:00:00.000Z',
      end: '2026-02-11T00:00:00.000Z',
      label: 'MISSING',
      results: 0,
    });
    expect(r.periods[62]!.label).toBe('FAIL');
    expect(r.exceptions).toEqual([
      {
        firstFailAt: at(60, 10),
        lastFailAt: at(62, 9),
        firstPeriod: 60,
        lastPeriod: 62,
        failPeriods: 3,
        // 10:30 was NOT_APPLICABLE, which does not show the control holds: the PASS at 11:30 remediates.
        remediatedAt: at(62, 11),
        remediationHours: 49,
        open: false,
      },
      // The two MISSING days after day 100 do not split or close it: the PASS an hour later already closed it.
      {
        firstFailAt: at(100, 3),
        lastFailAt: at(100, 3),
        firstPeriod: 100,
        lastPeriod: 100,
        failPeriods: 1,
        remediatedAt: at(100, 4),
        remediationHours: 1,
        open: false,
      },
      {
        firstFailAt: at(178, 0),
        lastFailAt: at(179, 23),
        firstPeriod: 178,
        lastPeriod: 179,
        failPeriods: 2,
        open: true,
      },
    ]);
    expect(r.verdict).toBe('effective_with_exceptions');
    expect(r.verdictReason).toBe('3 exception interval(s); pass rate 96.0% ≥ 90.0%');
  });

  it('keeps an exception open across gaps until a PASS is observed', () => {
    const status = (day: number, hour: number): ControlStatus | undefined =>
      day === 10 && hour >= 20
        ? 'FAIL'
        : day === 11
          ? undefined
          : day === 12 && hour < 6
            ? 'UNKNOWN'
            : day === 12 && hour === 6
              ? 'FAIL'
              : 'PASS';
    const [iv] = evaluateWindow({ window: WINDOW, control, results: history(status) }).exceptions;
    expect(iv).toMatchObject({
      firstFailAt: at(10, 20),
      lastFailAt: at(12, 6),
      failPeriods: 2,
      remediatedAt: at(12, 7),
      remediationHours: 35,
    });
  });

  it('returns effective when evidence covers at least 95% of periods and nothing fails', () => {
    const r = evaluateWindow({
      window: WINDOW,
      control,
      results: history((d) => (d < 9 ? undefined : 'PASS')),
    });
    expect(r.coverage).toBe(171 / 180);
    expect(r.verdict).toBe('effective');
  });

  it('returns insufficient evidence below 95% coverage or with an UNKNOWN majority', () => {
    const gaps = evaluateWindow({
      window: WINDOW,
      control,
      results: history((d, h) => (d >= 30 && d < 40 ? undefined : known(d, h))),
    });
    expect(gaps.counts.MISSING).toBe(17);
    expect(gaps.verdict).toBe('insufficient_evidence');
    expect(gaps.verdictReason).toBe('coverage 90.6% < 95.0%');
    const unknown = evaluateWindow({
      window: WINDOW,
      control,
      results: history((d) => (d % 2 ? 'UNKNOWN' : d % 4 ? 'PASS' : 'UNKNOWN')),
    });
    expect(unknown.verdict).toBe('insufficient_evidence');
  });

  it('returns not effective when the pass rate is low and an exception lasted over 7 days', () => {
    const r = evaluateWindow({
      window: WINDOW,
      control,
      results: history((d) => (d < 30 ? 'FAIL' : 'PASS')),
    });
    expect(r.exceptions).toHaveLength(1);
    expect(r.exceptions[0]!.remediationHours).toBe(30 * 24);
    expect(r.verdict).toBe('not_effective');
  });

  it('returns effective with exceptions below the pass rate when every exception was fixed within 7 days', () => {
    const r = evaluateWindow({
      window: WINDOW,
      control,
      results: history((d, h) => (d % 9 === 0 && h < 3 ? 'FAIL' : 'PASS')),
    });
    expect(r.counts.FAIL).toBe(20);
    expect(r.passRate).toBeLessThan(0.9);
    expect(r.verdict).toBe('effective_with_exceptions');
    expect(r.verdictReason).toBe('20 exception interval(s); every exception remediated within 7 days');
  });

  it('returns not effective on failures even when coverage is short, if the pass rate is low', () => {
    const r = evaluateWindow({
      window: WINDOW,
      control,
      results: history((d) => (d < 60 ? undefined : d < 90 ? 'FAIL' : 'PASS')),
    });
    expect(r.verdict).toBe('not_effective');
  });

  it('accepts pre-parsed epoch times and ignores results outside the window', () => {
    const results: WindowResult[] = [
      { observedAt: DAY0 - 1, status: 'FAIL' },
      { observedAt: DAY0 + 180 * 86_400_000, status: 'FAIL' },
      { observedAt: DAY0 + 5, status: 'PASS' },
    ];
    const r = evaluateWindow({ window: WINDOW, control, results });
    expect(r.counts).toEqual({ PASS: 1, FAIL: 0, UNKNOWN: 0, MISSING: 179 });
  });

  it('judges a monthly control by calendar months from the start day', () => {
    const results = [0, 1, 2, 3, 5].map((m) => ({
      observedAt: new Date(Date.UTC(2026, m, 20)).toISOString(),
      status: 'PASS' as const,
    }));
    const r = evaluateWindow({
      window: { start: '2026-01-15', end: '2026-07-14' },
      control: { id: 'GOV-04', frequency: 'monthly' },
      results,
    });
    expect(r.periods.map((p) => [p.start.slice(0, 10), p.label])).toEqual([
      ['2026-01-15', 'PASS'],
      ['2026-02-15', 'PASS'],
      ['2026-03-15', 'PASS'],
      ['2026-04-15', 'PASS'],
      ['2026-05-15', 'MISSING'],
      ['2026-06-15', 'PASS'],
    ]);
    expect(r.periods[5]!.end).toBe('2026-07-15T00:00:00.000Z');
    expect(r.verdict).toBe('insufficient_evidence');
  });
});
