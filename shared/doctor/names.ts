/** Every schedule of a deployment is named with this prefix (EventBridge Scheduler, default group). */
export const SCHEDULE_PREFIX = 'FluxEvidence-';

/** The deployed schedules' names: infra sets them, `doctor` finds them. */
export const SCHEDULE_NAMES = {
  collector: (id: string) => `${SCHEDULE_PREFIX}collect-${id}`,
  checkpoint: `${SCHEDULE_PREFIX}checkpoint`,
  evidenceGap: `${SCHEDULE_PREFIX}evidence-gap`,
} as const;

/** The stacks' names (infra/build.ts STACK_NAMES). */
export const STACKS = { stateful: 'FluxEvidence-Stateful', stateless: 'FluxEvidence-Stateless' } as const;
