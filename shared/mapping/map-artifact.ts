import type { Rule, RuleThresholds } from '../rules/types.js';
import { evaluateControl } from './engine.js';
import type { EvidenceLoader } from './evidence-loader.js';
import type { ResultsStore } from './results-store.js';
import type { ControlDef, ControlResult, EvidenceInput, Transition, TtlLookup } from './types.js';

/** The artifact that was just stored (from the EvidenceStored event). */
export interface ArtifactRef {
  readonly sha256: string;
  readonly collector: string;
  /** Canonical scope key. */
  readonly scope: string;
}

export interface MapDeps {
  readonly controls: readonly ControlDef[];
  readonly rules: readonly Rule[];
  readonly ttlHoursOf: TtlLookup;
  readonly evidence: EvidenceLoader;
  readonly results: ResultsStore;
  readonly now: () => Date;
  /** Rule thresholds from the configuration (benchmark defaults when absent). */
  readonly thresholds?: RuleThresholds;
}

export interface MapOutcome {
  readonly results: readonly ControlResult[];
  /** State changes, each reported once across concurrent mappers. */
  readonly transitions: readonly Transition[];
}

/** The automated controls that an artifact of `collector` can change. */
export function controlsReading(
  collector: string,
  controls: readonly ControlDef[],
  rules: readonly Rule[],
): ControlDef[] {
  return controls.filter(
    (c) =>
      c.automation?.toLowerCase() !== 'manual' &&
      (c.collectors.includes(collector) ||
        rules.some((r) => r.collector === collector && r.controls.includes(c.id))),
  );
}

/**
 * Re-evaluates every control that reads the artifact's collector from the latest evidence of all its collectors
 * and scopes, stores each result (with rule versions and artifact hashes) and updates each control's state.
 */
export async function mapArtifact(deps: MapDeps, ref: ArtifactRef): Promise<MapOutcome> {
  await deps.evidence.remember?.(ref.collector, ref.scope);
  return evaluateAndRecord(deps, controlsReading(ref.collector, deps.controls, deps.rules));
}

/**
 * Evaluates the given controls from the latest evidence of every collector they read (each collector loaded once),
 * stores each result and moves each control's state. Shared by the mapper (one artifact) and `evaluate` (all).
 */
export async function evaluateAndRecord(deps: MapDeps, controls: readonly ControlDef[]): Promise<MapOutcome> {
  const loaded = new Map<string, Promise<EvidenceInput[]>>();
  const load = (collector: string) => {
    if (!loaded.has(collector)) loaded.set(collector, deps.evidence.latest(collector));
    return loaded.get(collector)!;
  };
  const now = deps.now();
  const results: ControlResult[] = [];
  const transitions: Transition[] = [];
  for (const control of controls) {
    const rules = deps.rules.filter((r) => r.controls.includes(control.id));
    const collectors = [...new Set([...control.collectors, ...rules.map((r) => r.collector)])];
    const evidence = (await Promise.all(collectors.map(load))).flat();
    const result = evaluateControl(control, rules, evidence, now, deps.ttlHoursOf, {
      ...(deps.thresholds ? { thresholds: deps.thresholds } : {}),
    });
    await deps.results.putResult(result);
    const t = await deps.results.updateState(result);
    results.push(result);
    if (t) transitions.push(t);
  }
  return { results, transitions };
}
