import type { ControlResult } from '../mapping/types.js';
import type { ControlWindowReport } from '../window/evaluate.js';
import type { RequirementRollup } from '../window/rollup.js';
import { legend, patternDefs, timelineSvg } from './report-timeline.js';

/** Evidence on file for a requirement only people can evidence (policies, reviews, trainings...). */
interface ManualEvidenceItem {
  readonly title: string;
  /** `accepted`: approved evidence; `pending`: submitted, awaiting approval; `expired`: older than its validity. */
  readonly status: 'accepted' | 'pending' | 'expired';
  /** Path of the evidence inside the archive, when it is included. */
  readonly path?: string;
}

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
  /** Titles of controls and requirements by id. */
  readonly titles?: ReadonlyMap<string, string>;
  /** The control's results in the window (failing resources and reasons come from its latest failure). */
  readonly resultsOf?: (controlId: string) => readonly ControlResult[];
  /** Requirements only manual evidence can satisfy (no automated control): listed with their evidence status. */
  readonly manualRequirements?: readonly RequirementRollup[];
  /** Manual evidence per requirement id; a manual requirement without any shows as missing. */
  readonly manualEvidence?: ReadonlyMap<string, readonly ManualEvidenceItem[]>;
}

const MAX_LINKS = 200;
const MAX_FAILING = 20;
const SYMBOL: Record<string, string> = {
  effective: '✓',
  effective_with_exceptions: '✓!',
  not_effective: '✗',
  insufficient_evidence: '?',
  manual: '✎',
};

const STYLE = `body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:64em}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
.v-effective{color:#2e7d32}.v-effective_with_exceptions{color:#a34f00}.v-not_effective{color:#c62828}
.v-insufficient_evidence,.v-manual,.v-missing{color:#616161}section{margin:2em 0}code{font-size:.9em;word-break:break-all}
.summary{display:flex;gap:1em;flex-wrap:wrap}.summary div{border:1px solid #ccc;padding:.5em 1em;min-width:9em}
.summary b{display:block;font-size:1.6em}svg text.tick{font-size:10px;fill:#444}svg text.mark{font-size:12px}
@media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}details>ul{display:none}
section{break-inside:avoid}h2{break-after:avoid}.summary div{border-color:#000}}`;

/** index.html: a self-contained, script-free report (inline CSS and SVG only, relative links into the archive). */
export function reportHtml(input: ReportInput): Buffer {
  const title = (id: string) => input.titles?.get(id);
  const reqRows = input.requirements
    .map(
      (q) =>
        `<tr><td>${esc(q.requirementId)}</td><td>${esc(title(q.requirementId) ?? '')}</td><td class="v-${esc(q.status)}">${verdict(q.status)}</td><td>${q.controls
          .map((c) =>
            input.reports.some((r) => r.controlId === c.controlId)
              ? `<a href="#c-${esc(c.controlId)}">${esc(c.controlId)}</a>`
              : esc(c.controlId),
          )
          .join(', ')}</td></tr>`,
    )
    .join('\n');
  const controls = input.reports
    .map((r) =>
      controlSection(r, input.evidenceOf(r.controlId), title(r.controlId), input.resultsOf?.(r.controlId)),
    )
    .join('\n');
  const cp = input.checkpoint;
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(input.title)}</title>
<style>${STYLE}</style></head><body>
${patternDefs()}
<h1>${esc(input.title)}</h1>
<p>Framework <b>${esc(input.framework)}</b>, window ${esc(input.window.start)} to ${esc(input.window.end)} (${esc(input.window.timeZone ?? 'UTC')}).
Built ${esc(input.createdAt)}. Closing checkpoint: log <code>${esc(cp.origin)}</code>, tree size ${cp.treeSize}, root <code>${esc(cp.rootHash)}</code>.</p>
${summary(input)}
<p>Check this archive with the commands in <a href="VERIFY.md">VERIFY.md</a>; every file is listed in <a href="manifest.json">manifest.json</a>.</p>
<h2>Requirements</h2>
${input.requirements.length ? `<table><tr><th>Requirement</th><th>Title</th><th>Status</th><th>Controls</th></tr>\n${reqRows}</table>` : '<p>No requirement roll-up was supplied.</p>'}
${input.manualSection ?? manualSection(input)}
${input.extraSections ?? ''}<h2>Controls</h2>
<p class="legend">Timeline periods: ${legend()} &nbsp; ▼ drift (first failure) &nbsp; ▲ recovery</p>
${controls}
</body></html>
`;
  return Buffer.from(html, 'utf8');
}

/** The figures at the top: requirements effective of those assessed, exceptions, evidence gaps, manual items. */
function summary(input: ReportInput): string {
  const assessed = input.requirements.filter((q) => q.status !== 'manual');
  const effective = assessed.filter(
    (q) => q.status === 'effective' || q.status === 'effective_with_exceptions',
  );
  const manual = manualOf(input);
  const exceptions = input.reports.reduce((n, r) => n + r.exceptions.length, 0);
  const gaps = input.reports.filter((r) => r.counts.MISSING + r.counts.UNKNOWN > 0).length;
  const missing = manual.filter((q) => !(input.manualEvidence?.get(q.requirementId) ?? []).length).length;
  const box = (id: string, big: string, text: string) => `<div id="${id}"><b>${big}</b>${text}</div>`;
  return `<div class="summary" id="summary">
${box('s-effective', `${effective.length} / ${assessed.length}`, 'requirements effective of those assessed')}
${box('s-not-effective', String(assessed.filter((q) => q.status === 'not_effective').length), 'requirements not effective')}
${box('s-exceptions', String(exceptions), `exception intervals in ${input.reports.filter((r) => r.exceptions.length).length} controls`)}
${box('s-gaps', String(gaps), 'controls with evidence gaps (unknown or missing periods)')}
${box('s-manual', String(manual.length), `manual requirements, ${missing} without evidence`)}
</div>`;
}

/** Manual requirements: the supplied list plus any in the roll-up, once each. */
function manualOf(input: ReportInput): RequirementRollup[] {
  const all = [
    ...(input.manualRequirements ?? []),
    ...input.requirements.filter((q) => q.status === 'manual'),
  ];
  return [...new Map(all.map((q) => [q.requirementId, q])).values()];
}

function manualSection(input: ReportInput): string {
  const manual = manualOf(input);
  if (!manual.length) return '';
  const rows = manual.map((q) => {
    const items = input.manualEvidence?.get(q.requirementId) ?? [];
    const evidence = items.length
      ? items
          .map(
            (i) =>
              `${i.path ? `<a href="${esc(i.path)}">${esc(i.title)}</a>` : esc(i.title)} <span class="v-${i.status === 'accepted' ? 'effective' : 'insufficient_evidence'}">(${esc(i.status)})</span>`,
          )
          .join('<br>')
      : '<span class="v-missing">✗ missing</span>';
    return `<tr><td>${esc(q.requirementId)}</td><td>${esc(input.titles?.get(q.requirementId) ?? '')}</td><td>${evidence}</td></tr>`;
  });
  return `<h2 id="manual">Manual requirements</h2>
<p>Requirements only people can evidence (policies, reviews, trainings); the automated controls never count them as met.</p>
<table><tr><th>Requirement</th><th>Title</th><th>Evidence</th></tr>
${rows.join('\n')}</table>`;
}

function controlSection(
  r: ControlWindowReport,
  evidence: readonly string[],
  title: string | undefined,
  results: readonly ControlResult[] | undefined,
): string {
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
            `<tr><td>${esc(e.firstFailAt)}</td><td>${esc(e.lastFailAt)}</td><td>${esc(e.remediatedAt ?? 'open')}${e.remediationHours !== undefined ? ` (${e.remediationHours.toFixed(0)} h)` : ''}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  const lastBad = [...(results ?? [])].reverse().find((x) => x.status === 'FAIL' || x.status === 'UNKNOWN');
  const failing = lastBad
    ? `<p>Latest ${lastBad.status === 'FAIL' ? 'failure' : 'unknown result'} (${esc(lastBad.observedAt)}): ${esc(lastBad.reason)}</p>${
        lastBad.failing.length
          ? `<table class="failing"><tr><th>Failing resource</th><th>Reason</th></tr>${lastBad.failing
              .slice(0, MAX_FAILING)
              .map((f) => `<tr><td><code>${esc(f.resource)}</code></td><td>${esc(f.reason ?? '')}</td></tr>`)
              .join(
                '',
              )}</table>${lastBad.failing.length > MAX_FAILING ? `<p>${lastBad.failing.length - MAX_FAILING} more in <a href="results/${esc(r.controlId)}.json">the results</a>.</p>` : ''}`
          : ''
      }`
    : '';
  return `<section id="c-${esc(r.controlId)}"><h3>${esc(r.controlId)}${title ? ` ${esc(title)}` : ''}: <span class="v-${esc(r.verdict)}">${verdict(r.verdict)}</span></h3>
<p>${esc(r.verdictReason)}. ${r.periods.length} ${esc(r.frequency)} periods; coverage ${(r.coverage * 100).toFixed(1)}%, pass rate ${(r.passRate * 100).toFixed(1)}%
(PASS ${r.counts.PASS}, FAIL ${r.counts.FAIL}, UNKNOWN ${r.counts.UNKNOWN}, MISSING ${r.counts.MISSING}).
<a href="results/${esc(r.controlId)}.json">Results</a>, <a href="populations/${esc(r.controlId)}.csv">population</a>.</p>
${timelineSvg(r)}
${exc}${failing}<details><summary>Evidence (${evidence.length})</summary><ul>${links}</ul>${more}</details></section>`;
}

/** A verdict as words with a symbol, so it never relies on colour. */
function verdict(v: string): string {
  return `${SYMBOL[v] ?? ''} ${esc(v.replace(/_/g, ' '))}`.trim();
}

export function esc(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}
