import type { ControlResult, ControlStatus, Transition } from './types.js';

/**
 * The transition a new result makes from the previous state, or undefined when nothing worth reporting changed.
 * A first evaluation reports only FAIL or UNKNOWN (a new control that passes is not news).
 */
export function transitionOf(from: ControlStatus | undefined, result: ControlResult): Transition | undefined {
  const to = result.status;
  if (from === to) return undefined;
  if (from === undefined && (to === 'PASS' || to === 'NOT_APPLICABLE')) return undefined;
  const kind: Transition['kind'] =
    to === 'FAIL'
      ? 'drift'
      : to === 'UNKNOWN'
        ? 'unknown'
        : to === 'PASS' && (from === 'FAIL' || from === 'UNKNOWN')
          ? 'recovered'
          : 'changed';
  return {
    controlId: result.controlId,
    from,
    to,
    kind,
    at: result.observedAt,
    failing: result.failing,
    reason: result.reason,
  };
}
