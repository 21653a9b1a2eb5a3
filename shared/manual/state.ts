import type { StatementOf } from '../ledger/leaf.js';
import type { Logged } from './log.js';

/** Where a requirement's manual half stands at an instant. */
export type ManualState = 'current' | 'expiring' | 'expired' | 'missing';

/** Default warning horizon for `expiring`. */
export const DEFAULT_EXPIRING_DAYS = 30;

/** A document with the approvals logged for it. */
export interface ManualDocument {
  readonly id: string;
  readonly key: string;
  readonly index: number;
  readonly statement: StatementOf<'manual'>;
  readonly approvals: readonly Logged<StatementOf<'approval'>>[];
}

/** The person-made part of the log, grouped: documents with their approvals, and exceptions. */
export interface ManualView {
  readonly documents: readonly ManualDocument[];
  readonly exceptions: readonly Logged<StatementOf<'exception'>>[];
}

export interface ManualVerdict {
  readonly state: ManualState;
  /** The document the state rests on (the approved one valid longest), if any. */
  readonly document?: ManualDocument;
  /** Documents added for the requirement but not (yet) approved at the instant. */
  readonly pending: number;
}

/** Groups logged statements: approvals under the document they approve. */
export function manualView(all: readonly Logged[]): ManualView {
  const approvals = all.filter((l): l is Logged<StatementOf<'approval'>> => l.statement.kind === 'approval');
  const documents = all
    .filter((l): l is Logged<StatementOf<'manual'>> => l.statement.kind === 'manual')
    .map((d) => ({ ...d, approvals: approvals.filter((a) => a.statement.evidence === d.id) }));
  const exceptions = all.filter(
    (l): l is Logged<StatementOf<'exception'>> => l.statement.kind === 'exception',
  );
  return { documents, exceptions };
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

/**
 * The manual state of a requirement at `at`: only documents added and approved by then count. `current` when an
 * approved document is valid beyond `expiringDays` (or has no end date), `expiring` when its last valid day falls
 * within them, `expired` when every approved document's last valid day (`validUntil`, inclusive) has passed,
 * `missing` when no approved document exists.
 */
function manualState(
  docs: readonly ManualDocument[],
  at: Date,
  expiringDays = DEFAULT_EXPIRING_DAYS,
): ManualVerdict {
  const iso = at.toISOString();
  const known = docs.filter((d) => d.statement.addedAt <= iso);
  const approved = known.filter((d) => d.approvals.some((a) => a.statement.at <= iso));
  const pending = known.length - approved.length;
  if (approved.length === 0) return { state: 'missing', pending };
  const best = [...approved].sort((a, b) =>
    (b.statement.validUntil ?? '9999-12-31').localeCompare(a.statement.validUntil ?? '9999-12-31'),
  )[0]!;
  const until = best.statement.validUntil;
  const state: ManualState =
    until === undefined || until > day(addDays(at, expiringDays))
      ? 'current'
      : until >= day(at)
        ? 'expiring'
        : 'expired';
  return { state, document: best, pending };
}

const RANK: Readonly<Record<ManualState, number>> = { current: 0, expiring: 1, expired: 2, missing: 3 };

/**
 * The manual half of a requirement: every part that needs a person's evidence must have it. A document naming the
 * requirement (`<framework>:<id>`) serves every part; one naming a control serves that control only. The parts
 * are the requirement's own evidence hint (`ownHint`) and each non-automated control mapped to it; the state is
 * the worst part's (missing, then expired, expiring, current), so one control's policy never stands in for another's.
 */
export function requirementManualState(
  view: ManualView,
  requirement: string,
  parts: { readonly ownHint: boolean; readonly manualControls: readonly string[] },
  at: Date,
  expiringDays = DEFAULT_EXPIRING_DAYS,
): ManualVerdict {
  const named = view.documents.filter((d) => d.statement.requirements.includes(requirement));
  const units: ManualDocument[][] = [
    ...(parts.ownHint || parts.manualControls.length === 0 ? [named] : []),
    ...parts.manualControls.map((c) => [
      ...named,
      ...view.documents.filter((d) => d.statement.controls.includes(c) && !named.includes(d)),
    ]),
  ];
  const verdicts = units.map((docs) => manualState(docs, at, expiringDays));
  return verdicts.reduce((worst, v) => (RANK[v.state] > RANK[worst.state] ? v : worst), verdicts[0]!);
}

/** Exceptions in force at `at` for a control (any resource, or the one named). */
export function activeExceptions(
  view: ManualView,
  controlId: string,
  at: Date,
): Logged<StatementOf<'exception'>>[] {
  const iso = at.toISOString();
  return view.exceptions.filter(
    (e) => e.statement.control === controlId && e.statement.addedAt <= iso && e.statement.expires >= day(at),
  );
}
