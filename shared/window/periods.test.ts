import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../errors.js';
import { buildPeriods, periodOf } from './periods.js';
import { parseInstant } from './instant.js';

const iso = (t: number) => new Date(t).toISOString();

describe('buildPeriods', () => {
  it('cuts a UTC window into equal days with an integer-division lookup', () => {
    const p = buildPeriods({ start: '2026-01-01', end: '2026-12-31' }, 'daily');
    expect(p.count).toBe(365);
    expect(p.stepMs).toBe(86_400_000);
    expect(iso(p.bounds[365]!)).toBe('2027-01-01T00:00:00.000Z');
    expect(periodOf(p, Date.parse('2026-02-01T23:59:59.999Z'))).toBe(31);
    expect(periodOf(p, Date.parse('2027-01-01T00:00:00.000Z'))).toBe(-1);
  });

  it('starts each day at local midnight in an IANA time zone, across the DST change', () => {
    const p = buildPeriods({ start: '2026-03-28', end: '2026-03-30', timeZone: 'Europe/Berlin' }, 'daily');
    expect([...p.bounds].map(iso)).toEqual([
      '2026-03-27T23:00:00.000Z',
      '2026-03-28T23:00:00.000Z', // 29 March has 23 hours
      '2026-03-29T22:00:00.000Z',
      '2026-03-30T22:00:00.000Z',
    ]);
    expect(p.stepMs).toBeUndefined();
    expect(periodOf(p, Date.parse('2026-03-29T22:30:00Z'))).toBe(2);
    expect(periodOf(p, Date.parse('2026-03-29T21:59:59Z'))).toBe(1);
  });

  it('cuts weeks from the start day and ends the last one with the window', () => {
    const p = buildPeriods({ start: '2026-01-01', end: '2026-01-20' }, 'weekly');
    expect([...p.bounds].map((t) => iso(t).slice(0, 10))).toEqual([
      '2026-01-01',
      '2026-01-08',
      '2026-01-15',
      '2026-01-21',
    ]);
    expect(p.stepMs).toBeUndefined();
    expect(periodOf(p, Date.parse('2026-01-20T12:00:00Z'))).toBe(2);
  });

  it('clamps month ends and builds quarters and years', () => {
    const m = buildPeriods({ start: '2026-01-31', end: '2026-04-29' }, 'monthly');
    expect([...m.bounds].map((t) => iso(t).slice(0, 10))).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
    ]);
    expect(buildPeriods({ start: '2026-01-01', end: '2026-12-31' }, 'quarterly').count).toBe(4);
    expect(buildPeriods({ start: '2026-01-01', end: '2026-12-31' }, 'annual').count).toBe(1);
  });

  it('rejects malformed dates, reversed windows and unknown time zones', () => {
    expect(() => buildPeriods({ start: '2026-02-30', end: '2026-03-01' }, 'daily')).toThrow(ValidationError);
    expect(() => buildPeriods({ start: '2026-03-02', end: '2026-03-01' }, 'daily')).toThrow(ValidationError);
    expect(() =>
      buildPeriods({ start: '2026-03-01', end: '2026-03-02', timeZone: 'Mars/Olympus' }, 'daily'),
    ).toThrow(ValidationError);
  });
});

/** The issues of the ValidationError `fn` throws (fails the test when it throws nothing or something else). */
function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as Error).message.split('\n')[0]).toBe('window is invalid:');
    return (e as ValidationError).issues;
  }
  throw new Error('expected a ValidationError');
}

describe('window validation', () => {
  const daily = (start: string, end: string, timeZone?: string) => () =>
    buildPeriods({ start, end, ...(timeZone ? { timeZone } : {}) }, 'daily');

  it('names the bad field and says what is wrong with it', () => {
    expect(issuesOf(daily('2026-1-01', '2026-01-31'))).toEqual([
      'start: "2026-1-01" is not a YYYY-MM-DD date',
    ]);
    expect(issuesOf(daily('2026-01-01', 'x2026-01-31'))).toEqual([
      'end: "x2026-01-31" is not a YYYY-MM-DD date',
    ]);
    expect(issuesOf(daily('2026-01-01T00:00:00Z', '2026-01-31'))).toEqual([
      'start: "2026-01-01T00:00:00Z" is not a YYYY-MM-DD date',
    ]);
    expect(issuesOf(daily('2026-03-02', '2026-03-01'))).toEqual([
      'end: 2026-03-01 is before start 2026-03-02',
    ]);
  });

  it('refuses days that do not exist instead of rolling them over into the next month or year', () => {
    // 30 February would roll over to 2 March, month 13 to January of the next year, day 00 to the month before.
    for (const bad of ['2026-02-30', '2026-13-15', '2026-00-10', '2026-04-00', '2026-04-31']) {
      expect(issuesOf(daily(bad, '2027-12-31'))).toEqual([
        `start: "${bad}" is not a calendar date (no such day in that month)`,
      ]);
    }
    expect(issuesOf(daily('2026-02-01', '2026-02-29'))).toEqual([
      'end: "2026-02-29" is not a calendar date (no such day in that month)',
    ]);
    expect(buildPeriods({ start: '2028-02-29', end: '2028-02-29' }, 'daily').count).toBe(1);
  });

  it('accepts years 1970 to 9999 and refuses a well-formed date before 1970', () => {
    expect(issuesOf(daily('1969-12-31', '1970-01-02'))).toEqual([
      'start: "1969-12-31" is a valid date but out of range (years 1970 to 9999)',
    ]);
    expect(issuesOf(daily('0001-01-01', '2026-01-01'))[0]).toContain('out of range');
    expect(iso(buildPeriods({ start: '1970-01-01', end: '1970-01-01' }, 'daily').bounds[0]!)).toBe(
      '1970-01-01T00:00:00.000Z',
    );
    const last = buildPeriods({ start: '9999-12-31', end: '9999-12-31' }, 'daily');
    expect(last.bounds[1]! - last.bounds[0]!).toBe(86_400_000);
  });

  it('names an unknown time zone and keeps the underlying error as the cause', () => {
    let err: unknown;
    try {
      daily('2026-03-01', '2026-03-02', 'Mars/Olympus')();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toBe(
      'window is invalid:\n  - timeZone: "Mars/Olympus" is not an IANA time zone',
    );
    expect((err as Error).cause).toBeInstanceOf(RangeError);
  });
});

describe('period boundaries', () => {
  it('makes a one-day window one period', () => {
    const p = buildPeriods({ start: '2026-05-04', end: '2026-05-04' }, 'weekly');
    expect(p.count).toBe(1);
    expect([...p.bounds].map(iso)).toEqual(['2026-05-04T00:00:00.000Z', '2026-05-05T00:00:00.000Z']);
  });

  it('puts the window start in the first period and anything before it, or unreadable, outside', () => {
    const p = buildPeriods({ start: '2026-01-10', end: '2026-01-19' }, 'daily');
    const start = Date.parse('2026-01-10T00:00:00Z');
    expect(periodOf(p, start)).toBe(0);
    expect(periodOf(p, start - 1)).toBe(-1);
    expect(periodOf(p, start - 2 * 86_400_000)).toBe(-1);
    expect(periodOf(p, Date.parse('2026-01-19T23:59:59.999Z'))).toBe(9);
    expect(periodOf(p, Number.NaN)).toBe(-1);
  });

  it('judges a continuous control per day', () => {
    const p = buildPeriods({ start: '2026-01-01', end: '2026-01-31' }, 'continuous');
    expect(p.count).toBe(31);
    expect(p.stepMs).toBe(86_400_000);
  });

  it('finds periods by division only when every period has the same length', () => {
    // Monday 5 January to Sunday 1 February: four whole weeks.
    const weeks = buildPeriods({ start: '2026-01-05', end: '2026-02-01' }, 'weekly');
    expect(weeks.count).toBe(4);
    expect(weeks.stepMs).toBe(7 * 86_400_000);
    expect(periodOf(weeks, Date.parse('2026-01-26T00:00:00Z'))).toBe(3);
    expect(buildPeriods({ start: '2026-01-05', end: '2026-02-02' }, 'weekly').stepMs).toBeUndefined();
    expect(buildPeriods({ start: '2026-01-01', end: '2026-03-31' }, 'monthly').stepMs).toBeUndefined();
  });

  it('cuts months, quarters and years across leap days and year ends', () => {
    const days = (p: { bounds: Float64Array }) => [...p.bounds].map((t) => iso(t).slice(0, 10));
    expect(days(buildPeriods({ start: '2028-01-31', end: '2028-03-30' }, 'monthly'))).toEqual([
      '2028-01-31',
      '2028-02-29',
      '2028-03-31',
    ]);
    expect(days(buildPeriods({ start: '2026-11-30', end: '2027-08-29' }, 'quarterly'))).toEqual([
      '2026-11-30',
      '2027-02-28',
      '2027-05-30',
      '2027-08-30',
    ]);
    expect(days(buildPeriods({ start: '2028-02-29', end: '2030-03-01' }, 'annual'))).toEqual([
      '2028-02-29',
      '2029-02-28',
      '2030-02-28',
      '2030-03-02',
    ]);
  });
});

describe('parseInstant', () => {
  it('agrees with Date.parse on every ISO form', () => {
    for (const s of [
      '2026-03-01T12:34:56.789Z',
      '2026-03-01T12:34:56Z',
      '2026-03-01T12:34:56+02:00',
      '1999-12-31T23:59:59.999Z',
      'nonsense',
    ]) {
      expect(parseInstant(s)).toEqual(Date.parse(s));
    }
  });
});
