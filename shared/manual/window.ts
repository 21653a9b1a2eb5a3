import { controlsForRequirement, type Control, type Framework } from '../../frameworks/index.js';
import type { RequirementRollup } from '../window/rollup.js';
import { DEFAULT_EXPIRING_DAYS, requirementManualState, type ManualState, type ManualView } from './state.js';

/** A requirement's manual half over a window, judged at the window's end. */
export interface WindowManualHalf {
  readonly state: ManualState;
  readonly document?: {
    readonly id: string;
    readonly title: string;
    readonly owner: string;
    readonly validUntil?: string;
    readonly approvedBy: readonly string[];
  };
}

/** A risk acceptance in force during the window for a control mapped to the framework. */
export interface AcceptedException {
  readonly id: string;
  readonly controlId: string;
  readonly resource?: string;
  readonly owner: string;
  readonly reason: string;
  readonly expires: string;
  readonly addedAt: string;
}

/**
 * Adds the manual halves to a window's requirement roll-up, the same rule as `status`: a requirement the automated
 * controls leave `manual` becomes effective only with current approved evidence at the window's end; one whose
 * automated controls are effective but which also needs manual evidence becomes `manual` without it (a document that
 * expired inside the window does not count). Accepted exceptions overlapping the window are listed; they change no
 * verdict, so the failure stays visible.
 */
export function windowManualHalves(input: {
  readonly framework: Framework;
  readonly controls: readonly Control[];
  readonly requirements: readonly RequirementRollup[];
  readonly view: ManualView;
  /** First and last instants of the window (ISO). */
  readonly from: string;
  readonly to: string;
}): { requirements: (RequirementRollup & { manual?: WindowManualHalf })[]; accepted: AcceptedException[] } {
  const { framework: f, view } = input;
  const end = new Date(input.to);
  const requirements = input.requirements.map((r) => {
    const req = f.requirements.find((x) => x.id === r.requirementId);
    const mapped = controlsForRequirement(input.controls, f.id, r.requirementId);
    const manualControls = mapped.filter((c) => c.automation !== 'automated').map((c) => c.id);
    const ownHint = req?.manualEvidence !== undefined;
    if (!ownHint && manualControls.length === 0) return r;
    const v = requirementManualState(
      view,
      `${f.id}:${r.requirementId}`,
      { ownHint, manualControls },
      end,
      DEFAULT_EXPIRING_DAYS,
    );
    const ok = v.state === 'current' || v.state === 'expiring';
    const status =
      r.status === 'manual' && ok
        ? ('effective' as const)
        : (r.status === 'effective' || r.status === 'effective_with_exceptions') && !ok
          ? ('manual' as const)
          : r.status;
    const d = v.document;
    const manual: WindowManualHalf = {
      state: v.state,
      ...(d
        ? {
            document: {
              id: d.id,
              title: d.statement.title,
              owner: d.statement.owner,
              ...(d.statement.validUntil ? { validUntil: d.statement.validUntil } : {}),
              approvedBy: d.approvals.map((a) => a.statement.by),
            },
          }
        : {}),
    };
    return { ...r, status, manual };
  });
  const mappedIds = new Set(
    input.controls.filter((c) => c.mappings.some((m) => m.framework === f.id)).map((c) => c.id),
  );
  const accepted = view.exceptions
    .filter(
      (e) =>
        mappedIds.has(e.statement.control) &&
        e.statement.addedAt <= input.to &&
        e.statement.expires >= input.from.slice(0, 10),
    )
    .map((e) => ({
      id: e.id,
      controlId: e.statement.control,
      ...(e.statement.resource ? { resource: e.statement.resource } : {}),
      owner: e.statement.owner,
      reason: e.statement.reason,
      expires: e.statement.expires,
      addedAt: e.statement.addedAt,
    }));
  return { requirements, accepted };
}
