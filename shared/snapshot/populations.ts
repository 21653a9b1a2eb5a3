import type { ControlResult } from '../mapping/types.js';
import type { ControlWindowReport } from '../window/evaluate.js';
import { parseInstant } from '../window/instant.js';

const HEADER = [
  'period',
  'period_start',
  'period_end',
  'observed_at',
  'status',
  'artifact_sha256',
  'failing_resources',
  'reason',
];

/**
 * A control's population as CSV (RFC 4180, CRLF): one row per result observed in the window, plus one row per period
 * without evidence (status MISSING), ordered by period then time. Cells that a spreadsheet would run as a formula are
 * prefixed with a quote.
 */
export function populationCsv(report: ControlWindowReport, results: readonly ControlResult[]): Buffer {
  const periods = report.periods;
  const starts = periods.map((p) => parseInstant(p.start));
  const rows: { k: number; t: number; cells: string[] }[] = [];
  for (const r of results) {
    const t = parseInstant(r.observedAt);
    const k = periodIndex(starts, parseInstant(periods[periods.length - 1]?.end ?? r.observedAt), t);
    if (k < 0) continue;
    const p = periods[k]!;
    const failing = r.failing.map((f) => (f.reason ? `${f.resource} (${f.reason})` : f.resource)).join('; ');
    rows.push({
      k,
      t,
      cells: [String(k), p.start, p.end, r.observedAt, r.status, r.artifacts.join(';'), failing, r.reason],
    });
  }
  for (const p of periods) {
    if (p.label === 'MISSING')
      rows.push({
        k: p.index,
        t: starts[p.index]!,
        cells: [String(p.index), p.start, p.end, '', 'MISSING', '', '', 'no evidence in this period'],
      });
  }
  rows.sort((a, b) => a.k - b.k || a.t - b.t);
  const lines = [HEADER, ...rows.map((r) => r.cells)].map((cells) => cells.map(csvCell).join(','));
  return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
}

function periodIndex(starts: readonly number[], end: number, t: number): number {
  if (starts.length === 0 || t < starts[0]! || t >= end) return -1;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function csvCell(value: string): string {
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
