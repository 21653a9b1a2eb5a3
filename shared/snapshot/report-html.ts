import type { ControlWindowReport, PeriodLabel } from '../window/evaluate.js';
import type { RequirementRollup } from '../window/rollup.js';

/** What the offline report reads. */
export interface ReportInput {
  readonly title: string;
  readonly framework: string;
  readonly window: { readonly start: string; readonly end: string; readonly timeZone?: string };
  readonly createdAt: string;
  readonly checkpoint: { readonly origin: string; readonly treeSize: number; readonly rootHash: string };
  readonly reports: readonly ControlWindowReport[];
  readonly requirements: readonly RequirementRollup[];
  /** Evidence paths per control (links into the archive). */
  readonly evidenceOf: (controlId: string) => readonly string[];
  /** Pre-rendered, escaped "Manual evidence" section (manual-report.ts), placed after the requirements. */
  readonly manualSection?: string;
  /** Sections rendered elsewhere (already escaped HTML), placed before the controls. */
  readonly extraSections?: string;
}

const COLOURS: Record<PeriodLabel, string> = {
  PASS: '#2e7d32',
  FAIL: '#c62828',
  UNKNOWN: '#f9a825',
  MISSING: '#9e9e9e',
};
const MAX_LINKS = 200;
const W = 720;
const H = 24;

/** index.html: a self-contained, script-free report (inline CSS and SVG only, relative links into the archive). */
export function reportHtml(input: ReportInput): Buffer {
  const reqRows = input.requirements
    .map(
      (q) =>
        `<tr><td>${esc(q.requirementId)}</td><td class="v-${esc(q.status)}">${esc(label(q.status))}</td><td>${q.controls
          .map((c) =>
            input.reports.some((r) => r.controlId === c.controlId)
              ? `<a href="#c-${esc(c.controlId)}">${esc(c.controlId)}</a>`
              : esc(c.controlId),
          )
          .join(', ')}</td></tr>`,
    )
    .join('\n');
  const controls = input.reports.map((r) => controlSection(r, input.evidenceOf(r.controlId))).join('\n');
  const cp = input.checkpoint;
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(input.title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
.v-effective{color:#2e7d32}.v-effective_with_exceptions{color:#ef6c00}.v-not_effective{color:#c62828}
.v-insufficient_evidence,.v-manual{color:#616161}section{margin:2em 0}code{font-size:.9em}
.legend span{display:inline-block;width:1em;height:1em;margin:0 .3em 0 1em;vertical-align:middle}
</style></head><body>
<h1>${esc(input.title)}</h1>
<p>Framework <b>${esc(input.framework)}</b>, window ${esc(input.window.start)} to ${esc(input.window.end)} (${esc(input.window.timeZone ?? 'UTC')}).
Built ${esc(input.createdAt)}. Closing checkpoint: log <code>${esc(cp.origin)}</code>, tree size ${cp.treeSize}, root <code>${esc(cp.rootHash)}</code>.</p>
<p>Check this archive with the commands in <a href="VERIFY.md">VERIFY.md</a>; every file is listed in <a href="manifest.json">manifest.json</a>.</p>
<p class="legend">${(Object.keys(COLOURS) as PeriodLabel[]).map((k) => `<span style="background:${COLOURS[k]}"></span>${k}`).join('')}</p>
<h2>Requirements</h2>
${input.requirements.length ? `<table><tr><th>Requirement</th><th>Status</th><th>Controls</th></tr>\n${reqRows}</table>` : '<p>No requirement roll-up was supplied.</p>'}
${input.manualSection ?? ''}
${input.extraSections ?? ''}<h2>Controls</h2>
${controls}
</body></html>
`;
  return Buffer.from(html, 'utf8');
}

function controlSection(r: ControlWindowReport, evidence: readonly string[]): string {
  const n = Math.max(r.periods.length, 1);
  const rects = r.periods
    .map((p) => {
      const x = (p.index * W) / n;
      return `<rect x="${x.toFixed(2)}" y="0" width="${(W / n).toFixed(2)}" height="${H}" fill="${COLOURS[p.label]}"><title>${esc(p.start)} to ${esc(p.end)}: ${p.label} (${p.results} results)</title></rect>`;
    })
    .join('');
  const links = evidence
    .slice(0, MAX_LINKS)
    .map((e) => `<li><a href="${esc(e)}">${esc(e)}</a></li>`)
    .join('');
  const more =
    evidence.length > MAX_LINKS
      ? `<p>${evidence.length - MAX_LINKS} more artifacts are listed in <a href="populations/${esc(r.controlId)}.csv">the population</a>.</p>`
      : '';
  const exc = r.exceptions.length
    ? `<table><tr><th>First failure</th><th>Last failure</th><th>Remediated</th></tr>${r.exceptions
        .map(
          (e) =>
            `<tr><td>${esc(e.firstFailAt)}</td><td>${esc(e.lastFailAt)}</td><td>${esc(e.remediatedAt ?? 'open')}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  return `<section id="c-${esc(r.controlId)}"><h3>${esc(r.controlId)}: <span class="v-${esc(r.verdict)}">${esc(label(r.verdict))}</span></h3>
<p>${esc(r.verdictReason)}. ${r.periods.length} ${esc(r.frequency)} periods; coverage ${(r.coverage * 100).toFixed(1)}%, pass rate ${(r.passRate * 100).toFixed(1)}%
(PASS ${r.counts.PASS}, FAIL ${r.counts.FAIL}, UNKNOWN ${r.counts.UNKNOWN}, MISSING ${r.counts.MISSING}).
<a href="results/${esc(r.controlId)}.json">Results</a>, <a href="populations/${esc(r.controlId)}.csv">population</a>.</p>
<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(r.controlId)} timeline">${rects}</svg>
${exc}<details><summary>Evidence (${evidence.length})</summary><ul>${links}</ul>${more}</details></section>`;
}

function label(v: string): string {
  return v.replace(/_/g, ' ');
}

export function esc(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}
