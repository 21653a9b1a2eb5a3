import { describe, expect, it } from '@jest/globals';
import type { ExceptionInterval } from './exceptions.js';
import type { PeriodLabel, Thresholds } from './evaluate.js';
import { judge } from './verdict.js';

// The verdict rules of README.md "Verdict", at their boundaries, with the reason an auditor reads.
const th: Thresholds = { minCoverage: 0.95, minPassRate: 0.9, maxRemediationDays: 7, maxUnknownShare: 0.5 };
const counts = (PASS: number, FAIL = 0, UNKNOWN = 0, MISSING = 0): Record<PeriodLabel, number> => ({
  PASS,
  FAIL,
  UNKNOWN,
  MISSING,
});
const exception = (remediationHours: number | undefined): ExceptionInterval => ({
  firstFailAt: '2026-01-01T00:00:00.000Z',
  lastFailAt: '2026-01-01T00:00:00.000Z',
  firstPeriod: 0,
  lastPeriod: 0,
  failPeriods: 1,
  ...(remediationHours === undefined ? {} : { remediatedAt: '2026-01-02T00:00:00.000Z', remediationHours }),
  open: remediationHours === undefined,
});

describe('judge', () => {
  it('is effective when coverage is sufficient and nothing failed', () => {
    expect(judge(counts(100), 100, 1, 1, [], th)).toEqual({
      verdict: 'effective',
      verdictReason: 'coverage 100.0%, no failing period',
    });
    // Exactly the minimum coverage is enough.
    expect(judge(counts(95, 0, 0, 5), 95, 0.95, 1, [], th).verdict).toBe('effective');
  });

  it('is insufficient evidence below the coverage minimum, saying by how much', () => {
    expect(judge(counts(94, 0, 0, 6), 94, 0.94, 1, [], th)).toEqual({
      verdict: 'insufficient_evidence',
      verdictReason: 'coverage 94.0% < 95.0%',
    });
    expect(judge(counts(0, 0, 0, 10), 0, 0, 0, [], th).verdict).toBe('insufficient_evidence');
  });

  it('is insufficient evidence when UNKNOWN periods exceed the allowed share, and not at the share itself', () => {
    expect(judge(counts(4, 0, 6), 10, 1, 0.4, [], th)).toEqual({
      verdict: 'insufficient_evidence',
      verdictReason: '6 of 10 evidenced periods UNKNOWN',
    });
    expect(judge(counts(5, 0, 5), 10, 1, 0.5, [], th).verdict).toBe('effective');
    // At exactly the coverage minimum, UNKNOWN periods are the reason, not coverage.
    expect(judge(counts(4, 0, 6), 10, 0.95, 0.4, [], th).verdictReason).toBe(
      '6 of 10 evidenced periods UNKNOWN',
    );
    // No evidenced period at all is never enough, whatever the coverage figure says.
    expect(judge(counts(0), 0, 1, 0, [], th).verdict).toBe('insufficient_evidence');
  });

  it('concludes not effective from the evidence that exists when failures already sink the pass rate', () => {
    expect(judge(counts(5, 5, 0, 90), 10, 0.1, 0.5, [exception(1)], th)).toEqual({
      verdict: 'not_effective',
      verdictReason: '5 failing periods; pass rate 50.0% < 90.0%',
    });
    // Failures that keep the pass rate at the minimum do not conclude anything while coverage is short.
    expect(judge(counts(9, 1, 0, 90), 10, 0.1, 0.9, [exception(1)], th).verdict).toBe(
      'insufficient_evidence',
    );
  });

  it('is effective with exceptions when the pass rate holds, saying so', () => {
    expect(judge(counts(90, 10), 100, 1, 0.9, [exception(undefined), exception(500)], th)).toEqual({
      verdict: 'effective_with_exceptions',
      verdictReason: '2 exception interval(s); pass rate 90.0% ≥ 90.0%',
    });
  });

  it('is effective with exceptions below the pass rate only when every exception was remediated in time', () => {
    const limit = 7 * 24;
    expect(judge(counts(80, 20), 100, 1, 0.8, [exception(1), exception(limit)], th)).toEqual({
      verdict: 'effective_with_exceptions',
      verdictReason: '2 exception interval(s); every exception remediated within 7 days',
    });
    const late = judge(counts(80, 20), 100, 1, 0.8, [exception(1), exception(limit + 1)], th);
    expect(late).toEqual({
      verdict: 'not_effective',
      verdictReason: 'pass rate 80.0% < 90.0% and not every exception was remediated within 7 days',
    });
    expect(judge(counts(80, 20), 100, 1, 0.8, [exception(undefined)], th).verdict).toBe('not_effective');
  });
});
