import type { ControlStatus, Frequency } from '../mapping/types.js';
import { parseInstant } from './instant.js';
import {
  RANK_FAIL,
  RANK_NA,
  RANK_PASS,
  findExceptions,
  rankOf,
  type ExceptionInterval,
} from './exceptions.js';
import { buildPeriods, periodOf, type Periods, type WindowSpec } from './periods.js';
import { judge } from './verdict.js';

export type PeriodLabel = 'PASS' | 'FAIL' | 'UNKNOWN' | 'MISSING';
export type Verdict = 'effective' | 'effective_with_exceptions' | 'not_effective' | 'insufficient_evidence';

/** The slice of a ControlResult the window reads; `observedAt` may be pre-parsed epoch ms. */
export interface WindowResult {
  readonly observedAt: string | number;
  readonly status: ControlStatus;
}

/** Verdict thresholds (shared/window/README.md explains each). */
export interface Thresholds {
  /** Share of periods with evidence needed to judge at all. */
  readonly minCoverage: number;
  /** Share of evidenced periods that must PASS for "effective with exceptions". */
  readonly minPassRate: number;
  /** Exceptions all closed within this many days also give "effective with exceptions". */
  readonly maxRemediationDays: number;
  /** More UNKNOWN periods than this share of evidenced periods is insufficient evidence. */
  readonly maxUnknownShare: number;
}

const DEFAULT_THRESHOLDS: Thresholds = {
  minCoverage: 0.95,
  minPassRate: 0.9,
  maxRemediationDays: 7,
  maxUnknownShare: 0.5,
};

export interface PeriodReport {
  readonly index: number;
  readonly start: string;
  /** Exclusive. */
  readonly end: string;
  readonly label: PeriodLabel;
  readonly results: number;
}

export interface ControlWindowReport {
  readonly controlId: string;
  readonly frequency: Frequency;
  readonly window: WindowSpec;
  readonly periods: readonly PeriodReport[];
  readonly counts: Readonly<Record<PeriodLabel, number>>;
  /** Periods with evidence / all periods. */
  readonly coverage: number;
  /** PASS periods / periods with evidence (0 when none). */
  readonly passRate: number;
  readonly exceptions: readonly ExceptionInterval[];
  readonly verdict: Verdict;
  readonly verdictReason: string;
  /** Periods whose every result was NOT_APPLICABLE (labelled UNKNOWN: not met). */
  readonly notApplicablePeriods: number;
}

export interface EvaluateWindowInput {
  readonly window: WindowSpec;
  readonly control: { readonly id: string; readonly frequency: Frequency };
  /** The control's results, in any order; those outside the window are ignored. */
  readonly results: readonly WindowResult[];
  readonly thresholds?: Partial<Thresholds>;
  /** Pre-built periods (reuse them across controls of the same frequency). */
  readonly periods?: Periods;
}

// Indexed by rank (exceptions.ts): a period whose worst result is NOT_APPLICABLE is labelled UNKNOWN (not met).
const LABELS: readonly PeriodLabel[] = ['MISSING', 'UNKNOWN', 'PASS', 'UNKNOWN', 'FAIL'];

/**
 * Type II effectiveness of one control over a window (pure): labels each period by the worst result observed in it,
 * then reports coverage, pass rate, exception intervals and a verdict. One pass over the results, with integer
 * bucketing and no sort.
 */
export function evaluateWindow(input: EvaluateWindowInput): ControlWindowReport {
  const th = { ...DEFAULT_THRESHOLDS, ...input.thresholds };
  const p = input.periods ?? buildPeriods(input.window, input.control.frequency);
  const P = p.count;
  const rank = new Uint8Array(P);
  const count = new Uint32Array(P);
  const minFail = new Float64Array(P).fill(Infinity);
  const maxFail = new Float64Array(P).fill(-Infinity);
  const minPass = new Float64Array(P).fill(Infinity);

  const rs = input.results;
  const times = new Float64Array(rs.length);
  const where = new Int32Array(rs.length);
  for (let i = 0; i < rs.length; i++) {
    const r = rs[i]!;
    const t = typeof r.observedAt === 'number' ? r.observedAt : parseInstant(r.observedAt);
    const k = periodOf(p, t);
    times[i] = t;
    where[i] = k;
    if (k < 0) continue;
    const rk = rankOf(r.status);
    count[k] = (count[k] ?? 0) + 1;

    if (rk > rank[k]!) rank[k] = rk;
    if (rk === RANK_FAIL) {
      if (t < minFail[k]!) minFail[k] = t;
      if (t > maxFail[k]!) maxFail[k] = t;
    } else if (rk === RANK_PASS && t < minPass[k]!) minPass[k] = t;
  }

  const exceptions = findExceptions(rank, minFail, maxFail, minPass, rs, times, where);
  const counts = { PASS: 0, FAIL: 0, UNKNOWN: 0, MISSING: 0 };
  let notApplicablePeriods = 0;
  // Stryker disable next-line ArrayDeclaration: equivalent, the loop below assigns every index 0 … P-1
  const periods: PeriodReport[] = new Array(P);
  for (let k = 0; k < P; k++) {
    const label = LABELS[rank[k]!]!;
    counts[label]++;
    if (rank[k] === RANK_NA) notApplicablePeriods++;
    periods[k] = {
      index: k,
      start: isoOf(p.bounds[k]!),
      end: isoOf(p.bounds[k + 1]!),
      label,
      results: count[k]!,
    };
  }
  const evidenced = P - counts.MISSING;
  const coverage = P === 0 ? 0 : evidenced / P;
  const passRate = evidenced === 0 ? 0 : counts.PASS / evidenced;
  const judged = judge(counts, evidenced, coverage, passRate, exceptions, th);
  const { verdict } = judged;
  const verdictReason =
    notApplicablePeriods > 0 && verdict === 'insufficient_evidence'
      ? `${judged.verdictReason} (${notApplicablePeriods} of them NOT_APPLICABLE, which is not met unless the requirement is excluded from scope)`
      : judged.verdictReason;
  return {
    controlId: input.control.id,
    frequency: input.control.frequency,
    window: input.window,
    periods,
    counts,
    coverage,
    passRate,
    exceptions,
    verdict,
    verdictReason,
    notApplicablePeriods,
  };
}

/** Every evidenced period held only NOT_APPLICABLE results: the control never applied during the window. */
export function whollyNotApplicable(
  r: Pick<ControlWindowReport, 'counts' | 'notApplicablePeriods'>,
): boolean {
  return (
    r.notApplicablePeriods > 0 &&
    r.counts.PASS === 0 &&
    r.counts.FAIL === 0 &&
    r.counts.UNKNOWN === r.notApplicablePeriods
  );
}

/** Evaluates many controls over one window, building the periods once per frequency. */
export function evaluateWindows(
  window: WindowSpec,
  controls: readonly { id: string; frequency: Frequency }[],
  resultsOf: (controlId: string) => readonly WindowResult[],
  thresholds?: Partial<Thresholds>,
): ControlWindowReport[] {
  const cache = new Map<Frequency, Periods>();
  return controls.map((control) => {
    let periods = cache.get(control.frequency);
    // Stryker disable next-line ConditionalExpression,BooleanLiteral,CallExpression: equivalent, a cache only (evaluateWindow builds the periods it is not given)
    if (!periods) cache.set(control.frequency, (periods = buildPeriods(window, control.frequency)));
    return evaluateWindow({
      window,
      control,
      results: resultsOf(control.id),
      periods,
      ...(thresholds ? { thresholds } : {}),
    });
  });
}

function isoOf(t: number): string {
  return new Date(t).toISOString();
}
