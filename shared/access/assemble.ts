import type { Control } from '../../frameworks/schema.js';
import { ValidationError } from '../errors.js';
import type { ResultsStore } from '../mapping/results-store.js';
import type { ControlResult } from '../mapping/types.js';
import type { SnapshotRequest } from '../snapshot/request.js';
import { evaluateWindows } from '../window/evaluate.js';
import { buildPeriods, type WindowSpec } from '../window/periods.js';
import { rollUpRequirement, type RequirementStatus } from '../window/rollup.js';

/** What a snapshot is asked for. */
export interface SnapshotAsk {
  readonly framework: string;
  readonly window: WindowSpec;
  /** Subset of the framework's evaluable controls; default: all of them. */
  readonly controls?: readonly string[];
}

export interface AssembleDeps {
  readonly results: Pick<ResultsStore, 'results'>;
  /** The common control set (frameworks/controls.json). */
  readonly controls: readonly Control[];
  readonly toolVersion: string;
}

/**
 * Turns an ask into a full SnapshotRequest: the framework's evaluable (automated or partial) controls, their stored
 * results over the window, the window evaluation and the requirement roll-ups (manual controls count as `manual`,
 * never as met). The window must already be valid (checked by the caller's schema; checkRequest checks it again).
 */
export async function assembleRequest(ask: SnapshotAsk, deps: AssembleDeps): Promise<SnapshotRequest> {
  const mapped = deps.controls.filter((c) => c.mappings.some((m) => m.framework === ask.framework));
  const evaluable = new Map(mapped.filter((c) => c.automation !== 'manual').map((c) => [c.id, c]));
  const wanted = ask.controls ? [...new Set(ask.controls)] : [...evaluable.keys()];
  const unknown = wanted.filter((id) => !evaluable.has(id));
  if (unknown.length) {
    throw new ValidationError(
      'snapshot request',
      unknown.map((id) => `controls: ${JSON.stringify(id)} is not an evaluable control of ${ask.framework}`),
    );
  }
  const selected = wanted.sort().map((id) => evaluable.get(id)!);
  const bounds = buildPeriods(ask.window, 'daily').bounds;
  const from = new Date(bounds[0]!).toISOString();
  const to = new Date(bounds.at(-1)! - 1).toISOString();
  const results: ControlResult[] = [];
  const byControl = new Map<string, ControlResult[]>();
  for (const c of selected) {
    const list: ControlResult[] = [];
    for await (const r of deps.results.results(c.id, from, to)) list.push(r);
    byControl.set(c.id, list);
    results.push(...list);
  }
  const reports = evaluateWindows(ask.window, selected, (id) => byControl.get(id) ?? []);
  const verdicts = new Map<string, RequirementStatus>(reports.map((r) => [r.controlId, r.verdict]));
  for (const c of mapped) if (c.automation === 'manual') verdicts.set(c.id, 'manual');
  const reqs = new Map<string, string[]>();
  for (const c of mapped) {
    for (const m of c.mappings)
      if (m.framework === ask.framework) reqs.set(m.requirement, [...(reqs.get(m.requirement) ?? []), c.id]);
  }
  const requirements = [...reqs]
    .filter(([, ids]) => ids.some((id) => byControl.has(id)))
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([id, ids]) => rollUpRequirement({ id, controls: ids }, verdicts));
  return {
    framework: ask.framework,
    window: ask.window,
    controls: selected.map((c) => c.id),
    results,
    evaluation: { controls: reports, requirements },
    toolVersion: deps.toolVersion,
  };
}
