import type { ExceptionInterval } from './exceptions.js';
import type { PeriodLabel, Thresholds, Verdict } from './evaluate.js';

/** The verdict and its reason (see README.md, "Verdict"). */
export function judge(
  counts: Record<PeriodLabel, number>,
  evidenced: number,
  coverage: number,
  passRate: number,
  exceptions: readonly ExceptionInterval[],
  th: Thresholds,
): { verdict: Verdict; verdictReason: string } {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const unknownMajority = evidenced === 0 || counts.UNKNOWN > th.maxUnknownShare * evidenced;
  const sufficient = coverage >= th.minCoverage && !unknownMajority;
  const failed = counts.FAIL > 0;
  if (!sufficient) {
    // Failures seen in the evidence that exists are enough to conclude, whatever is missing.
    if (failed && passRate < th.minPassRate) {
      return {
        verdict: 'not_effective',
        verdictReason: `${counts.FAIL} failing periods; pass rate ${pct(passRate)} < ${pct(th.minPassRate)}`,
      };
    }
    const why =
      coverage < th.minCoverage
        ? `coverage ${pct(coverage)} < ${pct(th.minCoverage)}`
        : `${counts.UNKNOWN} of ${evidenced} evidenced periods UNKNOWN`;
    return { verdict: 'insufficient_evidence', verdictReason: why };
  }
  if (!failed) return { verdict: 'effective', verdictReason: `coverage ${pct(coverage)}, no failing period` };
  const limitHours = th.maxRemediationDays * 24;
  const remediated = exceptions.every((e) => !e.open && e.remediationHours! <= limitHours);
  if (passRate >= th.minPassRate || remediated) {
    const how =
      passRate >= th.minPassRate
        ? `pass rate ${pct(passRate)} ≥ ${pct(th.minPassRate)}`
        : `every exception remediated within ${th.maxRemediationDays} days`;
    return {
      verdict: 'effective_with_exceptions',
      verdictReason: `${exceptions.length} exception interval(s); ${how}`,
    };
  }
  return {
    verdict: 'not_effective',
    verdictReason: `pass rate ${pct(passRate)} < ${pct(th.minPassRate)} and not every exception was remediated within ${th.maxRemediationDays} days`,
  };
}
