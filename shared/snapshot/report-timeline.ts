import type { ControlWindowReport, PeriodLabel } from '../window/evaluate.js';

/** Fill of each period label; the patterns make the label readable without colour (and in grey print). */
const COLOURS: Record<PeriodLabel, string> = {
  PASS: '#2e7d32',
  FAIL: '#c62828',
  UNKNOWN: '#f9a825',
  MISSING: '#9e9e9e',
};

/** Pattern ids for the labels that must stand out without colour. */
const PATTERN: Partial<Record<PeriodLabel, string>> = { FAIL: 'hatch', UNKNOWN: 'dots', MISSING: 'empty' };

const W = 720;
const H = 24;
const AXIS = 16;
const MARK = 12;

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** SVG pattern definitions (once per page): hatching for FAIL, dots for UNKNOWN, an outline for MISSING. */
export function patternDefs(): string {
  return `<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>
<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${COLOURS.FAIL}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern>
<pattern id="dots" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="${COLOURS.UNKNOWN}"/><circle cx="3" cy="3" r="1.2" fill="#222"/></pattern>
<pattern id="empty" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#fff"/><rect width="6" height="6" fill="none" stroke="${COLOURS.MISSING}"/></pattern>
</defs></svg>`;
}

/** The fill of a period: its pattern where one exists (the test reads `data-label` for the label itself). */
function fillOf(label: PeriodLabel): string {
  const p = PATTERN[label];
  return p ? `url(#${p})` : COLOURS[label];
}

/** Legend swatches with the label written next to each. */
export function legend(): string {
  return (Object.keys(COLOURS) as PeriodLabel[])
    .map(
      (k) =>
        `<svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" fill="${fillOf(k)}" stroke="#555"/></svg> ${k}`,
    )
    .join(' &nbsp; ');
}

/**
 * A control's timeline: one bar per period (label in its fill pattern, data attribute and tooltip), a date axis
 * with the window's start, end and month starts, and ▼ drift / ▲ recovery markers at each exception's first
 * failure and remediation.
 */
export function timelineSvg(r: ControlWindowReport): string {
  const n = Math.max(r.periods.length, 1);
  const t0 = Date.parse(r.periods[0]?.start ?? r.window.start);
  const t1 = Date.parse(r.periods[r.periods.length - 1]?.end ?? r.window.end);
  const xOf = (iso: string) => ((Date.parse(iso) - t0) / Math.max(t1 - t0, 1)) * W;
  const rects = r.periods
    .map((p) => {
      const x = (p.index * W) / n;
      return `<rect x="${x.toFixed(2)}" y="${MARK}" width="${(W / n).toFixed(2)}" height="${H}" fill="${fillOf(p.label)}" data-label="${p.label}"><title>${esc(p.start.slice(0, 10))} to ${esc(p.end.slice(0, 10))}: ${p.label} (${p.results} results)</title></rect>`;
    })
    .join('');
  const ticks: string[] = [];
  const start = new Date(t0);
  const tick = (t: number, text: string, anchor: string) => {
    const x = ((t - t0) / Math.max(t1 - t0, 1)) * W;
    ticks.push(
      `<line x1="${x.toFixed(1)}" y1="${MARK + H}" x2="${x.toFixed(1)}" y2="${MARK + H + 4}" stroke="#555"/><text class="tick" x="${x.toFixed(1)}" y="${MARK + H + AXIS}" text-anchor="${anchor}">${text}</text>`,
    );
  };
  tick(t0, start.toISOString().slice(0, 10), 'start');
  for (let m = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1); m < t1;) {
    const d = new Date(m);
    if ((m - t0) / (t1 - t0) > 0.08 && (t1 - m) / (t1 - t0) > 0.12)
      tick(m, d.toISOString().slice(0, 7), 'middle');
    m = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  tick(t1 - 1, new Date(t1 - 1).toISOString().slice(0, 10), 'end');
  const markers = r.exceptions
    .flatMap((e) => [
      `<text class="mark drift" x="${xOf(e.firstFailAt).toFixed(1)}" y="${MARK - 1}" text-anchor="middle" fill="${COLOURS.FAIL}">▼<title>drift ${esc(e.firstFailAt)}</title></text>`,
      ...(e.remediatedAt
        ? [
            `<text class="mark recovery" x="${xOf(e.remediatedAt).toFixed(1)}" y="${MARK - 1}" text-anchor="middle" fill="${COLOURS.PASS}">▲<title>recovered ${esc(e.remediatedAt)}</title></text>`,
          ]
        : []),
    ])
    .join('');
  const height = MARK + H + AXIS + 4;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W + 40}" height="${height}" viewBox="-20 0 ${W + 40} ${height}" role="img" aria-label="${esc(r.controlId)} timeline">${markers}${rects}${ticks.join('')}</svg>`;
}
