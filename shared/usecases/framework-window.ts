import pLimit from 'p-limit';
import { controlsForRequirement, type Control, type Framework } from '../../frameworks/index.js';
import type { Ledger, SignedCheckpoint } from '../ledger/types.js';
import type { ResultsStore } from '../mapping/results-store.js';
import type { ControlResult } from '../mapping/types.js';
import { evaluateWindows, whollyNotApplicable, type ControlWindowReport } from '../window/evaluate.js';
import { buildPeriods, type WindowSpec } from '../window/periods.js';
import { rollUpRequirement, type RequirementRollup, type RequirementStatus } from '../window/rollup.js';
import { sampleWindow, type WindowSample } from '../window/sample.js';
import type { ManualView } from '../manual/state.js';
import { windowManualHalves, type AcceptedException, type WindowManualHalf } from '../manual/window.js';
import { exclusionsFor, type ScopeExclusion } from '../window/scope.js';

export interface WindowEvaluation {
  readonly framework: string;
  readonly window: WindowSpec;
  readonly controls: readonly ControlWindowReport[];
  readonly requirements: readonly (RequirementRollup & { readonly manual?: WindowManualHalf })[];
  /** Risk acceptances in force during the window (present when manual evidence was read). */
  readonly acceptedExceptions?: readonly AcceptedException[];
  /** Auditor samples per control, seeded by the checkpoint closing the window (absent without a checkpoint). */
  readonly samples: readonly WindowSample[];
  readonly checkpoint?: SignedCheckpoint;
  /** The auditor's nonce that joined the checkpoint in the sampling seed (absent: operator-chosen samples). */
  readonly auditorNonce?: string;
  /** The results read (observed inside the window), for a snapshot of the same evaluation. */
  readonly results: readonly ControlResult[];
}

/**
 * The one Type II evaluation of a framework over a window, behind `window`, `window --snapshot`, `snapshot create`,
 * the snapshot API and the demo: each automated control mapped to the framework is judged from its stored results
 * (coverage, pass rate, exceptions, verdict); every assessable requirement rolls up from its controls (scope
 * exclusions and, when manual evidence is given, its manual half included); samples are drawn with the seed of the
 * checkpoint that closes the window (see closingCheckpoint) and the auditor's nonce.
 */
export async function evaluateFrameworkWindow(deps: {
  readonly framework: Framework;
  readonly controls: readonly Control[];
  readonly results: Pick<ResultsStore, 'results'>;
  readonly ledger: Pick<Ledger, 'latestCheckpoint' | 'get'>;
  readonly window: WindowSpec;
  /** Use this closing checkpoint instead of looking one up. */
  readonly checkpoint?: SignedCheckpoint;
  /** Manual evidence, approvals and exceptions: adds each requirement's manual half (see windowManualHalves). */
  readonly manual?: ManualView;
  /** The auditor's nonce, supplied after the closing checkpoint was signed, joins the sampling seed. */
  readonly auditorNonce?: string;
  /** Requirements the configuration declares out of scope (checked against the catalog). */
  readonly exclusions?: readonly ScopeExclusion[];
}): Promise<WindowEvaluation> {
  const f = deps.framework;
  // A window without a time zone is a UTC window: said once here, so every report and snapshot records it alike.
  const window: WindowSpec = { ...deps.window, timeZone: deps.window.timeZone ?? 'UTC' };
  const excluded = exclusionsFor(f, deps.exclusions ?? []);
  const days = buildPeriods(window, 'daily');
  const from = new Date(days.bounds[0]!).toISOString();
  const to = new Date(days.bounds[days.count]! - 1).toISOString();
  const mapped = deps.controls.filter((c) => c.mappings.some((m) => m.framework === f.id));
  // In control-id order, the order a snapshot archives them in.
  const automated = mapped
    .filter((c) => c.automation !== 'manual')
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byControl = new Map<string, ControlResult[]>();
  for (const c of automated) {
    const list: ControlResult[] = [];
    for await (const r of deps.results.results(c.id, from, to)) list.push(r);
    byControl.set(c.id, list);
  }
  const reports = evaluateWindows(window, automated, (id) => byControl.get(id) ?? []);
  const verdicts = new Map<string, RequirementStatus>(reports.map((r) => [r.controlId, r.verdict]));
  for (const c of mapped) if (c.automation === 'manual') verdicts.set(c.id, 'manual');
  const notApplicable = new Set(reports.filter(whollyNotApplicable).map((r) => r.controlId));
  const rollups = f.requirements
    .filter((r) => r.assessable)
    .map((r) =>
      rollUpRequirement(
        { id: r.id, controls: controlsForRequirement(deps.controls, f.id, r.id).map((c) => c.id) },
        verdicts,
        excluded.has(r.id) ? { excludedBecause: excluded.get(r.id)!, notApplicable } : undefined,
      ),
    );
  const halves = deps.manual
    ? windowManualHalves({
        framework: f,
        controls: deps.controls,
        requirements: rollups,
        view: deps.manual,
        from,
        to,
      })
    : undefined;
  const requirements = halves?.requirements ?? rollups;
  const results = [...byControl.values()].flat();
  const checkpoint =
    deps.checkpoint ?? (await closingCheckpoint(deps.ledger, new Date(days.bounds[days.count]!), results));
  const samples = checkpoint
    ? reports.map((r) => sampleWindow(r, checkpoint, undefined, deps.auditorNonce))
    : [];
  return {
    framework: f.id,
    window,
    controls: reports,
    requirements,
    ...(halves ? { acceptedExceptions: halves.accepted } : {}),
    samples,
    ...(checkpoint ? { checkpoint } : {}),
    ...(deps.auditorNonce ? { auditorNonce: deps.auditorNonce } : {}),
    results,
  };
}

/**
 * The checkpoint that closes the window: the latest signed at or before its end, so the samples do not move as the
 * log grows, provided it commits to every artifact the window's results cite. Evidence observed in the window's last
 * minutes reaches the log after its end (the deployed sequencer appends and signs every 5 minutes): then, and when
 * none was signed by the end, the latest checkpoint closes it.
 */
async function closingCheckpoint(
  ledger: Pick<Ledger, 'latestCheckpoint' | 'get'>,
  end: Date,
  results: readonly ControlResult[],
): Promise<SignedCheckpoint | undefined> {
  const atEnd = await ledger.latestCheckpoint(end);
  if (atEnd) {
    const limit = pLimit(16);
    const hashes = [...new Set(results.flatMap((r) => r.artifacts))];
    const indices = await Promise.all(hashes.map((h) => limit(async () => (await ledger.get(h))?.index)));
    if (indices.every((i) => i !== undefined && i < atEnd.checkpoint.treeSize)) return atEnd;
  }
  return (await ledger.latestCheckpoint()) ?? atEnd;
}
