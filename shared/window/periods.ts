import { ValidationError } from '../errors.js';
import type { Frequency } from '../mapping/types.js';

/** A review window: calendar dates (inclusive) in a time zone (IANA name, UTC by default). */
export interface WindowSpec {
  /** First day, `YYYY-MM-DD`. */
  readonly start: string;
  /** Last day, `YYYY-MM-DD`, inclusive. */
  readonly end: string;
  readonly timeZone?: string;
}

/** The window cut into periods: `bounds[k]` ≤ t < `bounds[k+1]` is period k (epoch ms). */
export interface Periods {
  readonly bounds: Float64Array;
  /** Set when every period has the same length, so a time's period is one integer division away. */
  readonly stepMs?: number;
  readonly count: number;
}

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Period length of each frequency, in local calendar days or months. `continuous` is judged per day. */
const STEP: Record<Frequency, { days?: number; months?: number }> = {
  continuous: { days: 1 },
  daily: { days: 1 },
  weekly: { days: 7 },
  monthly: { months: 1 },
  quarterly: { months: 3 },
  annual: { months: 12 },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (cause) {
      throw new ValidationError('window', [`timeZone: "${timeZone}" is not an IANA time zone`], { cause });
    }
    // Stryker disable next-line CallExpression: equivalent, a cache only (a missing entry builds the same formatter)
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset (ms) of `timeZone` from UTC at instant `t`. */
function offsetAt(timeZone: string, t: number): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(t))) p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - (t - (((t % 1000) + 1000) % 1000));
}

/** The instant of local midnight starting the given calendar day (UTC day number) in `timeZone`. */
function localMidnight(utcDay: number, timeZone: string | undefined): number {
  const guess = utcDay * DAY_MS;
  if (!timeZone || timeZone === 'UTC') return guess;
  const before = offsetAt(timeZone, guess);
  const after = offsetAt(timeZone, guess - before);
  if (after === before) return guess - before;
  // A DST change between the guess and the answer moves the offset: settle on the offset at the answer,
  const settled = guess - after;
  if (offsetAt(timeZone, settled) === after) return settled;
  // unless clocks spring forward over midnight (Atlantic/Azores, America/Santiago, America/Havana): that day has
  // no 00:00 and starts at the change, where the clock on the earlier (smaller) offset would have read midnight.
  return guess - Math.min(before, after);
}

/** Window days must lie in these years: 0001-01-01 is a well-formed date, but no evidence log is that old. */
const MIN_YEAR = 1970;
const MAX_YEAR = 9999;

function parseDay(what: string, s: string): { y: number; m: number; d: number; day: number } {
  const m = DATE.exec(s);
  if (!m) throw new ValidationError('window', [`${what}: "${s}" is not a YYYY-MM-DD date`]);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const t = date.getTime();
  if (
    date.getUTCFullYear() !== Number(m[1]) ||
    date.getUTCMonth() !== Number(m[2]) - 1 ||
    date.getUTCDate() !== Number(m[3])
  )
    throw new ValidationError('window', [
      `${what}: "${s}" is not a calendar date (no such day in that month)`,
    ]);
  if (Number(m[1]) < MIN_YEAR || Number(m[1]) > MAX_YEAR)
    throw new ValidationError('window', [
      `${what}: "${s}" is a valid date but out of range (years ${MIN_YEAR} to ${MAX_YEAR})`,
    ]);
  return { y: Number(m[1]), m: Number(m[2]) - 1, d: Number(m[3]), day: t / DAY_MS };
}

/** Day number of `start` plus `months` calendar months, the day of month clamped to the month's length. */
function addMonths(y: number, m: number, d: number, months: number): number {
  const total = m + months;
  const ty = y + Math.floor(total / 12);
  const tm = ((total % 12) + 12) % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return Date.UTC(ty, tm, Math.min(d, last)) / DAY_MS;
}

/**
 * Splits a window into periods of a frequency, aligned to the window's first day in its time zone (the last
 * period is cut at the window's end). Days and weeks are local calendar days; months, quarters and years are
 * calendar months from the start day.
 */
export function buildPeriods(window: WindowSpec, frequency: Frequency): Periods {
  const s = parseDay('start', window.start);
  const e = parseDay('end', window.end);
  if (e.day < s.day)
    throw new ValidationError('window', [`end: ${window.end} is before start ${window.start}`]);
  const tz = window.timeZone;
  // Rejects an unknown zone before any work; localMidnight checks it the same way before any bound is used (and
  // skips only UTC, which is valid), so dropping this line changes nothing observable.
  // Stryker disable next-line ConditionalExpression,CallExpression: equivalent, see above
  if (tz) formatter(tz);
  const endDay = e.day + 1;
  const step = STEP[frequency];
  const days: number[] = [];
  for (let k = 0; ; k++) {
    const day = step.days ? s.day + k * step.days : addMonths(s.y, s.m, s.d, k * step.months!);
    if (day >= endDay) break;
    days.push(day);
  }
  days.push(endDay);
  const bounds = Float64Array.from(days, (d) => localMidnight(d, tz));
  const uniform = step.days !== undefined && (!tz || tz === 'UTC') && (endDay - s.day) % step.days === 0;
  return { bounds, count: days.length - 1, ...(uniform ? { stepMs: step.days! * DAY_MS } : {}) };
}

/** Index of the period holding instant `t` (epoch ms), or -1 outside the window. */
export function periodOf(p: Periods, t: number): number {
  const b = p.bounds;
  if (!(t >= b[0]!) || t >= b[p.count]!) return -1;
  if (p.stepMs) return Math.floor((t - b[0]!) / p.stepMs);
  let lo = 0;
  let hi = p.count; // invariant: b[lo] <= t < b[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (b[mid]! <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}
