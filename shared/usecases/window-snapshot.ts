import { ValidationError } from '../errors.js';
import type { SnapshotRequest } from '../snapshot/request.js';
import type { WindowEvaluation } from './framework-window.js';

/** How a snapshot of a window evaluation is shaped (what the evaluation does not decide). */
export interface WindowSnapshotOptions {
  readonly toolVersion: string;
  /** Archive only these evaluated controls (default: all of them); requirements stay as evaluated. */
  readonly controls?: readonly string[];
  /** The snapshot carries a consistency proof from this tree size (a checkpoint the auditor kept). */
  readonly sinceTreeSize?: number;
  readonly title?: string;
}

/**
 * The snapshot request of a window evaluation: the results, control reports, requirement roll-ups, closing
 * checkpoint and auditor nonce are the evaluation's own, so a snapshot archives exactly what `window` printed. A
 * control subset selects what is archived; it never re-judges a requirement from fewer controls.
 */
export function windowSnapshotRequest(w: WindowEvaluation, o: WindowSnapshotOptions): SnapshotRequest {
  const evaluated = new Set(w.controls.map((c) => c.controlId));
  const unknown = (o.controls ?? []).filter((id) => !evaluated.has(id));
  if (unknown.length) {
    throw new ValidationError(
      'snapshot request',
      unknown.map((id) => `controls: ${JSON.stringify(id)} is not an evaluable control of ${w.framework}`),
    );
  }
  return {
    framework: w.framework,
    window: w.window,
    ...(o.controls ? { controls: [...new Set(o.controls)].sort() } : {}),
    results: w.results,
    evaluation: { controls: w.controls, requirements: w.requirements },
    toolVersion: o.toolVersion,
    ...(w.checkpoint ? { checkpoint: w.checkpoint } : {}),
    ...(o.sinceTreeSize !== undefined ? { sinceTreeSize: o.sinceTreeSize } : {}),
    ...(w.auditorNonce !== undefined ? { auditorNonce: w.auditorNonce } : {}),
    ...(o.title !== undefined ? { title: o.title } : {}),
  };
}
