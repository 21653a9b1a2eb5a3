import { describe, expect, it } from '@jest/globals';
import type { ControlStatus } from '../mapping/types.js';
import { evaluateWindow } from './evaluate.js';

const WINDOW = { start: '2026-04-01', end: '2026-04-10' };
const control = { id: 'LOG-02', frequency: 'daily' as const };
/** Instant `hours` after the window opens (2026-04-01T00:00Z). */
const h = (hours: number) => new Date(Date.UTC(2026, 3, 1) + hours * 3_600_000).toISOString();
const run = (results: [number, ControlStatus][]) =>
  evaluateWindow({
    window: WINDOW,
    control,
    results: results.map(([hours, status]) => ({ observedAt: h(hours), status })),
  }).exceptions;

describe('exception intervals', () => {
  it('stay open through UNKNOWN and NOT_APPLICABLE days: only a PASS shows the control holds again', () => {
    const [iv] = run([
      [10, 'FAIL'], // day 0
      [30, 'UNKNOWN'], // day 1
      [54, 'NOT_APPLICABLE'], // day 2
      [80, 'PASS'], // day 3
    ]);
    expect(iv).toEqual({
      firstFailAt: h(10),
      lastFailAt: h(10),
      firstPeriod: 0,
      lastPeriod: 0,
      failPeriods: 1,
      remediatedAt: h(80),
      remediationHours: 70,
      open: false,
    });
  });

  it('close at the first PASS after the last failure in the first period of the window', () => {
    const [iv] = run([
      [1, 'PASS'], // before the failure: fixes nothing
      [2, 'FAIL'],
      [5, 'PASS'],
      [7, 'PASS'],
      [30, 'PASS'],
    ]);
    expect(iv).toMatchObject({ firstPeriod: 0, lastPeriod: 0, remediatedAt: h(5), remediationHours: 3 });
  });

  it('are not remediated by a PASS observed at the same instant as the last failure', () => {
    const [iv] = run([
      [50, 'FAIL'],
      [50, 'PASS'],
      [52, 'PASS'],
    ]);
    expect(iv).toMatchObject({ lastFailAt: h(50), remediatedAt: h(52), remediationHours: 2 });
  });

  it('stay open at the window end even when a PASS follows after it, and ignore PASSes before the window', () => {
    const ivs = run([
      [-30, 'PASS'],
      [-1, 'PASS'],
      [200, 'FAIL'],
      [239, 'FAIL'], // the last hour of the window
      [240, 'PASS'], // the window has closed
      [300, 'PASS'],
    ]);
    expect(ivs).toEqual([
      {
        firstFailAt: h(200),
        lastFailAt: h(239),
        firstPeriod: 8,
        lastPeriod: 9,
        failPeriods: 2,
        open: true,
      },
    ]);
  });

  it('count each failing run separately when a PASS day separates them', () => {
    const ivs = run([
      [3, 'FAIL'],
      [27, 'FAIL'],
      [50, 'PASS'],
      [75, 'FAIL'],
      [76, 'PASS'],
    ]);
    expect(ivs.map((iv) => [iv.firstPeriod, iv.lastPeriod, iv.failPeriods, iv.remediationHours])).toEqual([
      [0, 1, 2, 47],
      [3, 3, 1, 1],
    ]);
  });
});
