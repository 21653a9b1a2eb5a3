import type { Transition } from '../mapping/types.js';

/** A control state change from the mapping engine, optionally with the artifacts the new result read. */
export type ControlTransition = Transition & { readonly artifacts?: readonly string[] };

/** A collector's evidence for one scope went stale (`evidence-gap`) or became fresh again (`evidence-restored`). */
export interface GapTransition {
  readonly kind: 'evidence-gap' | 'evidence-restored';
  readonly collector: string;
  /** Canonical scope key; `*` when the collector never produced evidence for any scope. */
  readonly scope: string;
  /** When the gap began: the last fresh time plus the TTL (or when a never-seen collector was first expected). */
  readonly openedAt: string;
  /** The gap's start for `evidence-gap`; the fresh evidence's time for `evidence-restored`. */
  readonly at: string;
  /** max(observedAt, confirmedAt) of the latest artifact, when there is one. */
  readonly lastEvidenceAt?: string;
  readonly ttlHours: number;
  /** Automated controls that read the collector. */
  readonly controlIds: readonly string[];
  /** The latest artifact of the scope, for the evidence link. */
  readonly artifact?: { readonly sha256: string; readonly key: string };
}

/**
 * A person-made statement reached a date: approved manual evidence entered its warning period before `validUntil`
 * (`evidence-expiring`) or passed it (`evidence-expired`), or a risk acceptance passed its end (`exception-expired`).
 */
export interface ManualTransition {
  readonly kind: 'evidence-expiring' | 'evidence-expired' | 'exception-expired';
  /** The statement's log id (SHA-256 of its bytes). */
  readonly id: string;
  /** Document title, or the exception's control (and resource). */
  readonly subject: string;
  readonly owner: string;
  /** The last valid day (`validUntil` or `expires`). */
  readonly until: string;
  /** The instant the transition happened (start of the warning period, or the day after the last valid day). */
  readonly at: string;
  readonly controlIds: readonly string[];
  /** `<framework>:<id>` requirements the document names. */
  readonly requirements: readonly string[];
  /** Where the statement is stored, for the evidence link. */
  readonly key: string;
}

/** Anything the alerts publish: a control transition, an evidence-gap change, or a manual evidence date. */
export type AlertTransition = ControlTransition | GapTransition | ManualTransition;

/** What an alert announces. */
export type AlertKind =
  | 'DRIFT'
  | 'RECOVERED'
  | 'UNKNOWN'
  | 'CHANGED'
  | 'EVIDENCE_GAP'
  | 'EVIDENCE_RESTORED'
  | 'EVIDENCE_EXPIRING'
  | 'EVIDENCE_EXPIRED'
  | 'EXCEPTION_EXPIRED';

/** Whether `t` is an evidence-gap change rather than a control transition. */
export function isGapTransition(t: AlertTransition): t is GapTransition {
  return t.kind === 'evidence-gap' || t.kind === 'evidence-restored';
}

/** Whether `t` is a manual evidence or exception date. */
export function isManualTransition(t: AlertTransition): t is ManualTransition {
  return t.kind === 'evidence-expiring' || t.kind === 'evidence-expired' || t.kind === 'exception-expired';
}

const MANUAL_KIND = {
  'evidence-expiring': 'EVIDENCE_EXPIRING',
  'evidence-expired': 'EVIDENCE_EXPIRED',
  'exception-expired': 'EXCEPTION_EXPIRED',
} as const;

/**
 * The alert's kind: →FAIL is drift, →UNKNOWN a broken collector, FAIL/UNKNOWN→PASS a recovery; other changes
 * (e.g. →NOT_APPLICABLE) are CHANGED.
 */
export function alertKind(t: AlertTransition): AlertKind {
  if (isManualTransition(t)) return MANUAL_KIND[t.kind];
  if (isGapTransition(t)) return t.kind === 'evidence-gap' ? 'EVIDENCE_GAP' : 'EVIDENCE_RESTORED';
  if (t.to === 'FAIL') return 'DRIFT';
  if (t.to === 'UNKNOWN') return 'UNKNOWN';
  if (t.to === 'PASS' && (t.from === 'FAIL' || t.from === 'UNKNOWN')) return 'RECOVERED';
  return 'CHANGED';
}

/**
 * The idempotency key of an alert: `ALERT#<controlId>#<at>#<to>` for a control transition,
 * `ALERT#GAP#<collector>#<scope>#<openedAt>#OPEN|CLOSED` for an evidence gap, `ALERT#MANUAL#<statement id>#<kind>`
 * for a manual evidence date. A retried invocation with the same transition yields the same key, so it is announced
 * once.
 */
export function alertKey(t: AlertTransition): string {
  if (isManualTransition(t)) return `ALERT#MANUAL#${t.id}#${MANUAL_KIND[t.kind]}`;
  if (isGapTransition(t)) {
    const edge = t.kind === 'evidence-gap' ? 'OPEN' : 'CLOSED';
    return `ALERT#GAP#${t.collector}#${t.scope}#${new Date(t.openedAt).toISOString()}#${edge}`;
  }
  return `ALERT#${t.controlId}#${new Date(t.at).toISOString()}#${t.to}`;
}
