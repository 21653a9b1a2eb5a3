import {
  controlsForRequirement,
  requirementStatus,
  type Control,
  type Framework,
} from '../../../frameworks/index.js';
import type { ResultsStore } from '../../mapping/results-store.js';
import type { ControlResult, ControlStatus } from '../../mapping/types.js';

export type RequirementState = 'met' | 'failing' | 'unknown' | 'manual';

export interface FailingControl {
  readonly controlId: string;
  readonly title: string;
  readonly since: string;
  readonly resources: readonly { readonly resource: string; readonly reason: string }[];
}

export interface FrameworkStatus {
  readonly framework: string;
  readonly title: string;
  readonly counts: Readonly<Record<RequirementState, number>>;
  readonly requirements: readonly {
    readonly id: string;
    readonly state: RequirementState;
    readonly controls: readonly string[];
  }[];
  readonly failingControls: readonly FailingControl[];
  /** Controls that leave a requirement unknown, with why (stale or errored evidence, not evaluated yet). */
  readonly unknownControls: readonly {
    readonly controlId: string;
    readonly title: string;
    readonly reason: string;
  }[];
}

/** The latest stored result of a control (the one its state was moved by). */
export async function latestResult(
  results: ResultsStore,
  controlId: string,
): Promise<ControlResult | undefined> {
  const state = await results.getState(controlId);
  if (!state) return undefined;
  let last: ControlResult | undefined;
  for await (const r of results.results(controlId, state.observedAt, state.observedAt)) last = r;
  return last;
}

/**
 * A requirement's current state from its mapped controls: failing when any automated control FAILs; manual when
 * no automated control is mapped, or every automated one passes but the requirement also needs manual evidence
 * (never counted as met); unknown when an automated control is UNKNOWN or not evaluated yet; otherwise met.
 */
export function requirementState(
  mapped: readonly Control[],
  states: ReadonlyMap<string, ControlStatus>,
  needsManual: boolean,
): RequirementState {
  const automated = mapped.filter((c) => c.automation !== 'manual');
  const s = automated.map((c) => states.get(c.id));
  if (s.includes('FAIL')) return 'failing';
  if (automated.length === 0) return 'manual';
  if (s.some((x) => x === undefined || x === 'UNKNOWN')) return 'unknown';
  return requirementStatus(
    mapped.map((c) => c.automation),
    needsManual,
  ) === 'automated'
    ? 'met'
    : 'manual';
}

/** Current status of each framework from the control states in the results store. */
export async function statusReport(
  frameworks: readonly Framework[],
  controls: readonly Control[],
  results: ResultsStore,
): Promise<FrameworkStatus[]> {
  const states = new Map<string, ControlStatus>();
  const latest = new Map<string, ControlResult>();
  for (const c of controls) {
    if (c.automation === 'manual') continue;
    const r = await latestResult(results, c.id);
    if (r) {
      states.set(c.id, r.status);
      latest.set(c.id, r);
    }
  }
  const out: FrameworkStatus[] = [];
  for (const f of frameworks) {
    const requirements = f.requirements
      .filter((r) => r.assessable)
      .map((r) => {
        const mapped = controlsForRequirement(controls, f.id, r.id);
        return {
          id: r.id,
          state: requirementState(mapped, states, r.manualEvidence !== undefined),
          controls: mapped.map((c) => c.id),
        };
      });
    const counts = { met: 0, failing: 0, unknown: 0, manual: 0 };
    for (const r of requirements) counts[r.state]++;
    const failingIds = [
      ...new Set(requirements.filter((r) => r.state === 'failing').flatMap((r) => r.controls)),
    ].filter((id) => states.get(id) === 'FAIL');
    const failingControls = await Promise.all(
      failingIds.sort().map(async (id) => {
        const r = latest.get(id)!;
        const st = await results.getState(id);
        return {
          controlId: id,
          title: controls.find((c) => c.id === id)?.title ?? id,
          since: st?.since ?? r.observedAt,
          resources: r.failing.map((x) => ({ resource: x.resource, reason: x.reason ?? '' })),
        };
      }),
    );
    const unknownControls = [
      ...new Set(requirements.filter((r) => r.state === 'unknown').flatMap((r) => r.controls)),
    ]
      .filter((id) => {
        const c = controls.find((x) => x.id === id);
        return c !== undefined && c.automation !== 'manual' && (states.get(id) ?? 'UNKNOWN') === 'UNKNOWN';
      })
      .sort()
      .map((id) => ({
        controlId: id,
        title: controls.find((c) => c.id === id)?.title ?? id,
        reason: latest.get(id)?.reason ?? 'not evaluated yet: run collect, then evaluate',
      }));
    out.push({ framework: f.id, title: f.name, counts, requirements, failingControls, unknownControls });
  }
  return out;
}
