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
