import { relative } from 'node:path';
import type { Control } from '../../frameworks/index.js';
import type { ControlWindowReport } from '../window/evaluate.js';
import type { RequirementRollup } from '../window/rollup.js';

/** One of the demo's three stories, as the window judged it. */
export interface StoryOutcome {
  readonly story: 'drift fixed within its SLA' | 'drift left open' | 'collector outage';
  readonly controlId: string;
  readonly verdict: string;
  readonly detail: string;
}

/** Effective share of the automated controls over the window (effective with exceptions counts as effective). */
export function automatedEffectiveness(
  reports: readonly ControlWindowReport[],
  controls: readonly Control[],
) {
  const automated = reports.filter(
    (r) => controls.find((c) => c.id === r.controlId)?.automation === 'automated',
  );
  const effective = automated.filter(
    (r) => r.verdict === 'effective' || r.verdict === 'effective_with_exceptions',
  );
  return {
    automated: automated.length,
    effective: effective.length,
    share: automated.length ? effective.length / automated.length : 0,
  };
}

const count = <T extends string>(xs: readonly T[]) => {
  const m = new Map<T, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m].map(([k, v]) => `${v} ${k.replace(/_/g, ' ')}`).join(', ');
};

/** The demo's closing summary (at most 30 lines) and the exact next steps. */
export function summaryLines(s: {
  company: string;
  window: { start: string; end: string; days: number };
  reports: readonly ControlWindowReport[];
  requirements: readonly RequirementRollup[];
  controls: readonly Control[];
  stories: readonly StoryOutcome[];
  alerts: readonly { kind: string }[];
  zip: string;
  reportHtml: string;
  configFile: string;
  verified: { ok: boolean; checks: number };
  fingerprint: string;
  seconds: number;
}): string[] {
  const rel = (p: string) => relative(process.cwd(), p) || '.';
  const eff = automatedEffectiveness(s.reports, s.controls);
  const weak = s.reports.filter(
    (r) => r.verdict === 'not_effective' || r.verdict === 'insufficient_evidence',
  );
  const title = (id: string) => s.controls.find((c) => c.id === id)?.title ?? id;
  const cut = (t: string, n: number) => (t.length > n ? `${t.slice(0, n - 1)}…` : t);
  const lines = [
    '',
    `${s.company}: SOC 2 Type II window ${s.window.start} .. ${s.window.end} (${s.window.days} days, ended yesterday)`,
    `  automated controls effective: ${eff.effective} of ${eff.automated} (${Math.round(eff.share * 100)}%)`,
    `  controls: ${count(s.reports.map((r) => r.verdict))}`,
    `  requirements: ${count(s.requirements.map((r) => r.status))}`,
    `  alerts: ${s.alerts.length} (${count(s.alerts.map((a) => a.kind))})`,
    'Stories:',
    ...s.stories.map(
      (x) => `  ${x.story.padEnd(27)} ${x.controlId} ${x.verdict.replace(/_/g, ' ')}: ${x.detail}`,
    ),
    `Not effective or insufficient evidence (${weak.length}):`,
    ...weak
      .slice(0, 6)
      .map(
        (r) =>
          `  ${r.controlId.padEnd(7)} ${cut(title(r.controlId), 48).padEnd(48)} ${r.verdict.replace(/_/g, ' ')}`,
      ),
    ...(weak.length > 6 ? [`  ... and ${weak.length - 6} more (in the report)`] : []),
    `Snapshot ${rel(s.zip)}: ${s.verified.ok ? `all ${s.verified.checks} checks hold` : 'DOES NOT VERIFY'}`,
    `Signing key fingerprint: ${s.fingerprint}`,
    '',
    'Next steps:',
    `  open ${rel(s.reportHtml)}`,
    `  ./bin/flux-evidence.js verify ${rel(s.zip)} --key ${s.fingerprint}`,
    `  ./bin/flux-evidence.js -c ${rel(s.configFile)} status`,
    `  ./bin/flux-evidence.js -c ${rel(s.configFile)} window --framework soc2-2017`,
    `Done in ${s.seconds.toFixed(0)} s.`,
  ];
  return lines;
}
