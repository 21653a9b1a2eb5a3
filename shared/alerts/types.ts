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

/** Anything the alerts publish: a control transition or an evidence-gap change. */
export type AlertTransition = ControlTransition | GapTransition;

/** What an alert announces. */
export type AlertKind = 'DRIFT' | 'RECOVERED' | 'UNKNOWN' | 'CHANGED' | 'EVIDENCE_GAP' | 'EVIDENCE_RESTORED';

/** Whether `t` is an evidence-gap change rather than a control transition. */
export function isGapTransition(t: AlertTransition): t is GapTransition {
  return t.kind === 'evidence-gap' || t.kind === 'evidence-restored';
}

/**
 * The alert's kind: →FAIL is drift, →UNKNOWN a broken collector, FAIL/UNKNOWN→PASS a recovery; other changes
 * (e.g. →NOT_APPLICABLE) are CHANGED.
 */
export function alertKind(t: AlertTransition): AlertKind {
  if (isGapTransition(t)) return t.kind === 'evidence-gap' ? 'EVIDENCE_GAP' : 'EVIDENCE_RESTORED';
  if (t.to === 'FAIL') return 'DRIFT';
  if (t.to === 'UNKNOWN') return 'UNKNOWN';
  if (t.to === 'PASS' && (t.from === 'FAIL' || t.from === 'UNKNOWN')) return 'RECOVERED';
  return 'CHANGED';
}

/**
 * The idempotency key of an alert: `ALERT#<controlId>#<at>#<to>` for a control transition,
 * `ALERT#GAP#<collector>#<scope>#<openedAt>#OPEN|CLOSED` for an evidence gap. A retried invocation with the
 * same transition yields the same key, so it is announced once.
 */
export function alertKey(t: AlertTransition): string {
  if (isGapTransition(t)) {
    const edge = t.kind === 'evidence-gap' ? 'OPEN' : 'CLOSED';
    return `ALERT#GAP#${t.collector}#${t.scope}#${new Date(t.openedAt).toISOString()}#${edge}`;
  }
  return `ALERT#${t.controlId}#${new Date(t.at).toISOString()}#${t.to}`;
}
