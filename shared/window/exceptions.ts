import type { ControlStatus } from '../mapping/types.js';

/** A run of FAIL periods not interrupted by any PASS observation. */
export interface ExceptionInterval {
  readonly firstFailAt: string;
  readonly lastFailAt: string;
  readonly firstPeriod: number;
  readonly lastPeriod: number;
  readonly failPeriods: number;
  /** The first PASS observation after the last failing one; absent while the exception is open. */
  readonly remediatedAt?: string;
  /** remediatedAt − firstFailAt, in hours. */
  readonly remediationHours?: number;
  readonly open: boolean;
}

/**
 * Worst-wins rank of a status: FAIL > UNKNOWN > PASS > NOT_APPLICABLE. A period holding only NOT_APPLICABLE results
 * is not met (labelled UNKNOWN: nothing was shown to hold); one PASS in the period makes it PASS. Only a
 * requirement the configuration excludes, where the framework allows it, counts such a control as met (rollup.ts).
 */
export function rankOf(status: ControlStatus): number {
  const c = status.charCodeAt(0);
  return c === 70 /* F */
    ? RANK_FAIL
    : c === 85 /* U */
      ? RANK_UNKNOWN
      : c === 78 /* N */
        ? RANK_NA
        : RANK_PASS;
}

export const RANK_NA = 1;
export const RANK_PASS = 2;
const RANK_UNKNOWN = 3;
export const RANK_FAIL = 4;

function iso(t: number): string {
  return new Date(t).toISOString();
}

interface OpenInterval {
  firstFail: number;
  lastFail: number;
  firstPeriod: number;
  lastPeriod: number;
  failPeriods: number;
  /** Index of the first later period holding a PASS observation, or -1. */
  closedBy: number;
}

/** Exception intervals from the per-period aggregates (see README.md, "Exception intervals"). */
export function findExceptions(
  rank: Uint8Array,
  minFail: Float64Array,
  maxFail: Float64Array,
  minPass: Float64Array,
  rs: readonly { readonly status: ControlStatus }[],
  times: Float64Array,
  where: Int32Array,
): ExceptionInterval[] {
  const found: OpenInterval[] = [];
  let cur: OpenInterval | undefined;
  for (let k = 0; k < rank.length; k++) {
    if (rank[k] === RANK_FAIL) {
      if (cur) {
        cur.lastFail = Math.max(cur.lastFail, maxFail[k]!);
        cur.lastPeriod = k;
        cur.failPeriods++;
      } else {
        cur = {
          firstFail: minFail[k]!,
          lastFail: maxFail[k]!,
          firstPeriod: k,
          lastPeriod: k,
          failPeriods: 1,
          closedBy: -1,
        };
        found.push(cur);
      }
    } else if (cur && minPass[k]! < Infinity) {
      // A PASS observation ends the exception; MISSING and UNKNOWN periods without one do not.
      cur.closedBy = k;
      cur = undefined;
    }
  }
  if (found.length === 0) return [];
  // A PASS later in the last failing period closes the exception earlier than the next period does.
  const tailOf = new Int32Array(rank.length).fill(-1);
  found.forEach((iv, i) => (tailOf[iv.lastPeriod] = i));
  const tailPass = new Float64Array(found.length).fill(Infinity);
  for (let i = 0; i < rs.length; i++) {
    const k = where[i]!;
    if (k < 0 || tailOf[k]! < 0 || rankOf(rs[i]!.status) !== RANK_PASS) continue;
    const j = tailOf[k]!;
    const t = times[i]!;
    if (t > found[j]!.lastFail && t < tailPass[j]!) tailPass[j] = t;
  }
  return found.map((iv, i) => {
    const fixed =
      tailPass[i]! < Infinity ? tailPass[i]! : iv.closedBy >= 0 ? minPass[iv.closedBy]! : undefined;
    const base = {
      firstFailAt: iso(iv.firstFail),
      lastFailAt: iso(iv.lastFail),
      firstPeriod: iv.firstPeriod,
      lastPeriod: iv.lastPeriod,
      failPeriods: iv.failPeriods,
    };
    return fixed === undefined
      ? { ...base, open: true }
      : {
          ...base,
          remediatedAt: iso(fixed),
          remediationHours: (fixed - iv.firstFail) / 3_600_000,
          open: false,
        };
  });
}
