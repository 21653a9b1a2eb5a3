import { evaluateAndRecord, type MapDeps, type MapOutcome } from '../../mapping/map-artifact.js';

export type EvaluateAllDeps = MapDeps;

export interface EvaluateAllOutcome extends MapOutcome {
  /** Manual controls, never evaluated from evidence. */
  readonly manual: readonly string[];
}

/**
 * Evaluates every automated control from the latest evidence of each collector and scope it reads, stores each
 * result (with rule versions and artifact hashes) and moves each control's state, returning the transitions.
 */
export async function evaluateAllControls(deps: EvaluateAllDeps): Promise<EvaluateAllOutcome> {
  const isManual = (c: { automation?: string }) => c.automation?.toLowerCase() === 'manual';
  const outcome = await evaluateAndRecord(
    deps,
    deps.controls.filter((c) => !isManual(c)),
  );
  return { ...outcome, manual: deps.controls.filter(isManual).map((c) => c.id) };
}
