import type { Verdict } from './evaluate.js';

export type RequirementStatus = Verdict | 'manual';

export interface RequirementRollup {
  readonly requirementId: string;
  readonly status: RequirementStatus;
  /** Mapped controls that only manual evidence can satisfy: never counted as met. */
  readonly manualControls: readonly string[];
  readonly controls: readonly { readonly controlId: string; readonly verdict: RequirementStatus }[];
  /** The configuration's reason for declaring the requirement out of scope (where the framework allows it). */
  readonly excluded?: string;
}

/** A requirement's scope: an exclusion stated in the configuration, and the controls that never applied. */
export interface RequirementScope {
  /** The configured reason; set only where the catalog allows the requirement to be out of scope. */
  readonly excludedBecause?: string;
  /** Controls whose every evidenced period in the window was NOT_APPLICABLE. */
  readonly notApplicable: ReadonlySet<string>;
}

/**
 * A framework requirement's status from its mapped controls' verdicts (`manual` for manual-only controls):
 * no automated control → manual; any not effective → not effective; any insufficient (or unevaluated) →
 * insufficient evidence; all effective → effective; otherwise effective with exceptions. A control that was
 * NOT_APPLICABLE throughout counts as met only for a requirement declared out of scope (`scope.excludedBecause`).
 */
export function rollUpRequirement(
  requirement: { readonly id: string; readonly controls: readonly string[] },
  verdicts: ReadonlyMap<string, RequirementStatus>,
  scope?: RequirementScope,
): RequirementRollup {
  const excused = (id: string) => scope?.excludedBecause !== undefined && scope.notApplicable.has(id);
  const controls = requirement.controls.map((controlId) => ({
    controlId,
    verdict: excused(controlId)
      ? ('effective' as const)
      : (verdicts.get(controlId) ?? ('insufficient_evidence' as const)),
  }));
  const manualControls = controls.filter((c) => c.verdict === 'manual').map((c) => c.controlId);
  const automated = controls.filter((c) => c.verdict !== 'manual').map((c) => c.verdict);
  const status: RequirementStatus =
    automated.length === 0
      ? 'manual'
      : automated.includes('not_effective')
        ? 'not_effective'
        : automated.includes('insufficient_evidence')
          ? 'insufficient_evidence'
          : automated.every((v) => v === 'effective')
            ? 'effective'
            : 'effective_with_exceptions';
  return {
    requirementId: requirement.id,
    status,
    manualControls,
    controls,
    ...(scope?.excludedBecause !== undefined ? { excluded: scope.excludedBecause } : {}),
  };
}
