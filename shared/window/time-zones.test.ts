import { describe, expect, it } from '@jest/globals';
import { buildPeriods, periodOf } from './periods.js';

const iso = (t: number) => new Date(t).toISOString();
const HOUR = 3_600_000;

/** The local calendar day of instant `t` in `timeZone`, `YYYY-MM-DD`, as Intl tells it (an independent oracle). */
const localDay = (timeZone: string) => {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (t: number) => f.format(t);
};

describe('daily periods in a time zone', () => {
  it('start every period at the first instant of its local calendar day, all year, in every kind of zone', () => {
    const zones = [
      'Europe/Berlin', // DST at 01:00 UTC
      'America/New_York', // west of UTC
      'Australia/Sydney', // southern hemisphere
      'Australia/Lord_Howe', // 30-minute DST shift
      'Asia/Kathmandu', // +05:45, no DST
      'Atlantic/Azores', // clocks spring forward over midnight (00:00 → 01:00)
      'America/Santiago', // the same in the southern hemisphere, and fall back at midnight
      'Asia/Beirut', // east of UTC, DST at 00:00
      'Asia/Jerusalem', // falls back between local and UTC midnight
    ];
    for (const timeZone of zones) {
      const p = buildPeriods({ start: '2026-01-01', end: '2026-12-31', timeZone }, 'daily');
      const dayOf = localDay(timeZone);
      expect(p.count).toBe(365);
      const wrong: string[] = [];
      for (let k = 0; k <= p.count; k++) {
        const day = iso(Date.UTC(2026, 0, 1 + k)).slice(0, 10);
        const b = p.bounds[k]!;
        if (dayOf(b) !== day || dayOf(b - 1) === day) wrong.push(`${timeZone} ${day}: ${iso(b)}`);
      }
      expect(wrong).toEqual([]);
    }
  });

  it('starts a day without a midnight at the clock change (Azores, 29 March 2026: 00:00 → 01:00)', () => {
    const p = buildPeriods({ start: '2026-03-28', end: '2026-03-30', timeZone: 'Atlantic/Azores' }, 'daily');
    expect([...p.bounds].map(iso)).toEqual([
      '2026-03-28T01:00:00.000Z', // 00:00 at UTC-1
      '2026-03-29T01:00:00.000Z', // 00:00 does not exist: 23:59:59 at UTC-1 is followed by 01:00 at UTC+0
      '2026-03-30T00:00:00.000Z',
      '2026-03-31T00:00:00.000Z',
    ]);
    // 23:30 on 28 March (local, UTC-1) belongs to 28 March, not to the 23-hour 29 March.
    expect(periodOf(p, Date.parse('2026-03-29T00:30:00Z'))).toBe(0);
    expect(periodOf(p, Date.parse('2026-03-29T01:00:00Z'))).toBe(1);
  });

  it('puts an observation made exactly at local midnight in the day it starts', () => {
    const p = buildPeriods({ start: '2026-10-24', end: '2026-10-26', timeZone: 'Europe/Berlin' }, 'daily');
    expect([...p.bounds].map(iso)).toEqual([
      '2026-10-23T22:00:00.000Z',
      '2026-10-24T22:00:00.000Z', // 25 October has 25 hours
      '2026-10-25T23:00:00.000Z',
      '2026-10-26T23:00:00.000Z',
    ]);
    expect(p.stepMs).toBeUndefined();
    for (let k = 0; k < p.count; k++) {
      expect(periodOf(p, p.bounds[k]!)).toBe(k);
      expect(periodOf(p, p.bounds[k]! - 1)).toBe(k - 1);
    }
    expect(periodOf(p, p.bounds[3]!)).toBe(-1);
    expect(periodOf(p, p.bounds[1]! + 24 * HOUR)).toBe(1); // the 25th hour of 25 October
  });

  it('treats an explicit UTC like the default, equal days found by division', () => {
    const utc = buildPeriods({ start: '2026-01-01', end: '2026-01-31', timeZone: 'UTC' }, 'daily');
    const plain = buildPeriods({ start: '2026-01-01', end: '2026-01-31' }, 'daily');
    expect([...utc.bounds]).toEqual([...plain.bounds]);
    expect(utc.stepMs).toBe(86_400_000);
    expect(
      buildPeriods({ start: '2026-01-01', end: '2026-01-31', timeZone: 'Etc/UTC' }, 'daily').bounds,
    ).toEqual(plain.bounds);
  });
});
