import type { Rule } from '../../rules/types.js';
import { evaluateControl } from '../../mapping/engine.js';
import type { EvidenceLoader } from '../../mapping/evidence-loader.js';
import type { ResultsStore } from '../../mapping/results-store.js';
import type { ControlDef, ControlResult, EvidenceInput, Transition, TtlLookup } from '../../mapping/types.js';

export interface EvaluateAllDeps {
  readonly controls: readonly ControlDef[];
  readonly rules: readonly Rule[];
  readonly ttlHoursOf: TtlLookup;
  readonly evidence: EvidenceLoader;
  readonly results: ResultsStore;
  readonly now: () => Date;
}

export interface EvaluateAllOutcome {
  readonly results: readonly ControlResult[];
  /** State changes (drift, recovered, unknown, changed), each reported once. */
  readonly transitions: readonly Transition[];
  /** Manual controls, never evaluated from evidence. */
  readonly manual: readonly string[];
}

/**
 * Evaluates every automated control from the latest evidence of each collector and scope it reads, stores each
 * result (with rule versions and artifact hashes) and moves each control's state, returning the transitions.
 */
export async function evaluateAllControls(deps: EvaluateAllDeps): Promise<EvaluateAllOutcome> {
  const loaded = new Map<string, Promise<EvidenceInput[]>>();
  const load = (collector: string) => {
    if (!loaded.has(collector)) loaded.set(collector, deps.evidence.latest(collector));
    return loaded.get(collector)!;
  };
  const now = deps.now();
  const results: ControlResult[] = [];
  const transitions: Transition[] = [];
  const manual: string[] = [];
  for (const control of deps.controls) {
    if (control.automation?.toLowerCase() === 'manual') {
      manual.push(control.id);
      continue;
    }
    const rules = deps.rules.filter((r) => r.controls.includes(control.id));
    const collectors = [...new Set([...control.collectors, ...rules.map((r) => r.collector)])];
    const evidence = (await Promise.all(collectors.map(load))).flat();
    const result = evaluateControl(control, rules, evidence, now, deps.ttlHoursOf);
    await deps.results.putResult(result);
    const t = await deps.results.updateState(result);
    results.push(result);
    if (t) transitions.push(t);
  }
  return { results, transitions, manual };
}
