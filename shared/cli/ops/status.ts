import {
  controlsForRequirement,
  requirementStatus,
  type Control,
  type Framework,
} from '../../../frameworks/index.js';
import type { ResultsStore } from '../../mapping/results-store.js';
import type { ControlResult, ControlStatus } from '../../mapping/types.js';
import {
  activeExceptions,
  requirementManualState,
  type ManualState,
  type ManualView,
} from '../../manual/state.js';

/** Manual evidence to judge requirements' manual halves by (status at `at`, `expiringDays` warning horizon). */
export interface ManualInput {
  readonly view: ManualView;
  readonly at: Date;
  readonly expiringDays: number;
}

/** A requirement's manual half: its state and the approved document it rests on. */
interface ManualHalf {
  readonly state: ManualState;
  readonly document?: { readonly id: string; readonly title: string; readonly validUntil?: string };
  readonly pending: number;
}

type RequirementState = 'met' | 'failing' | 'unknown' | 'manual';

interface FailingControl {
  readonly controlId: string;
  readonly title: string;
  readonly since: string;
  readonly resources: readonly { readonly resource: string; readonly reason: string }[];
  /** Risk acceptances in force: the failure stays failing, shown with who accepted it and until when. */
  readonly exceptions?: readonly {
    readonly id: string;
    readonly resource?: string;
    readonly owner: string;
    readonly reason: string;
    readonly expires: string;
  }[];
}

export interface FrameworkStatus {
  readonly framework: string;
  readonly title: string;
  readonly counts: Readonly<Record<RequirementState, number>>;
  readonly requirements: readonly {
    readonly id: string;
    readonly state: RequirementState;
    readonly controls: readonly string[];
    readonly manual?: ManualHalf;
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
async function latestResult(results: ResultsStore, controlId: string): Promise<ControlResult | undefined> {
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
 * With `manual` given, a requirement that would be manual is met when its manual half is current or expiring
 * (approved evidence still valid) and its automated half passes: both halves, never one alone.
 */
function requirementState(
  mapped: readonly Control[],
  states: ReadonlyMap<string, ControlStatus>,
  needsManual: boolean,
  manual?: ManualState,
): RequirementState {
  const state = automatedState(mapped, states, needsManual);
  return state === 'manual' && (manual === 'current' || manual === 'expiring') ? 'met' : state;
}

function automatedState(
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
  manual?: ManualInput,
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
        const needsManual =
          r.manualEvidence !== undefined || mapped.some((c) => c.automation !== 'automated');
        const half =
          manual && needsManual
            ? manualHalf(manual, `${f.id}:${r.id}`, r.manualEvidence !== undefined, mapped)
            : undefined;
        return {
          id: r.id,
          state: requirementState(mapped, states, r.manualEvidence !== undefined, half?.state),
          controls: mapped.map((c) => c.id),
          ...(half ? { manual: half } : {}),
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
          ...(manual ? { exceptions: exceptionsOf(manual, id) } : {}),
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

function manualHalf(
  manual: ManualInput,
  requirement: string,
  ownHint: boolean,
  mapped: readonly Control[],
): ManualHalf {
  const manualControls = mapped.filter((c) => c.automation !== 'automated').map((c) => c.id);
  const v = requirementManualState(
    manual.view,
    requirement,
    { ownHint, manualControls },
    manual.at,
    manual.expiringDays,
  );
  const d = v.document?.statement;
  return {
    state: v.state,
    pending: v.pending,
    ...(v.document && d
      ? {
          document: {
            id: v.document.id,
            title: d.title,
            ...(d.validUntil ? { validUntil: d.validUntil } : {}),
          },
        }
      : {}),
  };
}

function exceptionsOf(manual: ManualInput, controlId: string): NonNullable<FailingControl['exceptions']> {
  return activeExceptions(manual.view, controlId, manual.at).map((e) => ({
    id: e.id,
    ...(e.statement.resource ? { resource: e.statement.resource } : {}),
    owner: e.statement.owner,
    reason: e.statement.reason,
    expires: e.statement.expires,
  }));
}
