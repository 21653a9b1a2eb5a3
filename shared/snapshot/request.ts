import { ValidationError } from '../errors.js';
import type { SignedCheckpoint } from '../ledger/types.js';
import type { ControlResult } from '../mapping/types.js';
import type { ControlWindowReport } from '../window/evaluate.js';
import { buildPeriods, type WindowSpec } from '../window/periods.js';
import type { RequirementRollup } from '../window/rollup.js';
import { zipPathProblem } from './manifest.js';

/** Frameworks a snapshot may be built for (the catalogs in frameworks/). */
const SNAPSHOT_FRAMEWORKS: readonly string[] = ['iso27001-2022', 'soc2-2017', 'nis2', 'gdpr'];

/** Longest review window a snapshot covers, in days. */
export const MAX_WINDOW_DAYS = 400;

/** What the caller asks for, with the results and window reports it already computed. */
export interface SnapshotRequest {
  readonly framework: string;
  readonly window: WindowSpec;
  /** Subset of controls to include; default: every control that has a window report. */
  readonly controls?: readonly string[];
  /** Control results (any window; those observed outside the window are left out). */
  readonly results: readonly ControlResult[];
  /** Window evaluation: one report per control, and the framework's requirement roll-ups. */
  readonly evaluation: {
    readonly controls: readonly ControlWindowReport[];
    readonly requirements?: readonly RequirementRollup[];
  };
  readonly toolVersion: string;
  /** The checkpoint closing the window; default: the ledger's latest checkpoint. */
  readonly checkpoint?: SignedCheckpoint;
  /** The checkpoint at window start; default: the ledger's latest checkpoint at or before the window start. */
  readonly startCheckpoint?: SignedCheckpoint | null;
  /**
   * A tree size the auditor kept (from an earlier snapshot's or a published checkpoint): the snapshot then carries
   * the consistency proof from it to the closing checkpoint (`verify --since`).
   */
  readonly sinceTreeSize?: number;
  /**
   * A nonce the auditor chose after the closing checkpoint was signed: it joins the checkpoint in the sampling seed,
   * so the operator cannot steer the samples by re-signing. Without it the snapshot says the samples are
   * operator-chosen.
   */
  readonly auditorNonce?: string;
  /** Deflate entries (default true); false stores them (zip -0). */
  readonly compress?: boolean;
  /** Optional human title for the report and OSCAL metadata. */
  readonly title?: string;
}

/** A validated request: the window's instants and the selected controls. */
export interface CheckedRequest {
  readonly request: SnapshotRequest;
  readonly controls: readonly string[];
  readonly reports: ReadonlyMap<string, ControlWindowReport>;
  /** Window as epoch ms [from, to). */
  readonly from: number;
  readonly to: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** An auditor's sampling nonce: long enough not to be guessed, plain enough to type and to print. */
export const AUDITOR_NONCE = /^[A-Za-z0-9._-]{16,128}$/;
const CONTROL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Validates a snapshot request; throws ValidationError listing every problem. Does no I/O. */
export function checkRequest(request: SnapshotRequest): CheckedRequest {
  const issues: string[] = [];
  if (!SNAPSHOT_FRAMEWORKS.includes(request.framework)) {
    issues.push(
      `framework: unknown framework ${JSON.stringify(request.framework)} (known: ${SNAPSHOT_FRAMEWORKS.join(', ')})`,
    );
  }
  const { start, end } = request.window;
  let from = 0;
  let to = 0;
  if (!DATE.test(start) || !DATE.test(end)) issues.push('window: start and end must be YYYY-MM-DD dates');
  else if (end < start) issues.push(`window.end: ${end} is before start ${start}`);
  else {
    const days = (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000 + 1;
    if (!Number.isFinite(days)) issues.push('window: not a valid calendar date');
    else if (days > MAX_WINDOW_DAYS)
      issues.push(`window: ${days} days is longer than ${MAX_WINDOW_DAYS} days`);
    else {
      try {
        const p = buildPeriods(request.window, 'daily');
        from = p.bounds[0]!;
        to = p.bounds[p.count]!;
      } catch (err) {
        issues.push(...(err instanceof ValidationError ? err.issues : [String(err)]));
      }
    }
  }
  const reports = new Map(request.evaluation.controls.map((r) => [r.controlId, r]));
  const controls = [...new Set(request.controls ?? [...reports.keys()])].sort();
  if (controls.length === 0) issues.push('controls: no control selected');
  for (const id of controls) {
    const pathIssue = zipPathProblem(`results/${id}.json`);
    if (!CONTROL_ID.test(id) || pathIssue)
      issues.push(
        `controls: ${JSON.stringify(id)} is not a usable control id${pathIssue ? ` (${pathIssue})` : ''}`,
      );
    else if (!reports.has(id)) issues.push(`controls: ${id} has no window report`);
  }
  if (!request.toolVersion) issues.push('toolVersion: required');
  if (request.auditorNonce !== undefined && !AUDITOR_NONCE.test(request.auditorNonce))
    issues.push(
      'auditorNonce: 16 to 128 characters from A-Z a-z 0-9 . _ - (choose it after the closing checkpoint is signed)',
    );
  if (issues.length) throw new ValidationError('snapshot request', issues);
  return { request, controls, reports, from, to };
}
