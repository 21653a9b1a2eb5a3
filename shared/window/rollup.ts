import type { Verdict } from './evaluate.js';

export type RequirementStatus = Verdict | 'manual';

export interface RequirementRollup {
  readonly requirementId: string;
  readonly status: RequirementStatus;
  /** Mapped controls that only manual evidence can satisfy: never counted as met. */
  readonly manualControls: readonly string[];
  readonly controls: readonly { readonly controlId: string; readonly verdict: RequirementStatus }[];
}

/**
 * A framework requirement's status from its mapped controls' verdicts (`manual` for manual-only controls):
 * no automated control → manual; any not effective → not effective; any insufficient (or unevaluated) →
 * insufficient evidence; all effective → effective; otherwise effective with exceptions.
 */
export function rollUpRequirement(
  requirement: { readonly id: string; readonly controls: readonly string[] },
  verdicts: ReadonlyMap<string, RequirementStatus>,
): RequirementRollup {
  const controls = requirement.controls.map((controlId) => ({
    controlId,
    verdict: verdicts.get(controlId) ?? ('insufficient_evidence' as const),
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
  return { requirementId: requirement.id, status, manualControls, controls };
}
