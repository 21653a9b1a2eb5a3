import type { FailingResource } from '../rules/types.js';

/** How often a control needs evidence (the common control set's `frequency`). */
export type Frequency = 'continuous' | 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'annual';

/**
 * The part of a common control the mapper reads. Structural on purpose: the catalog in frameworks/ may carry
 * more fields (mappings, descriptions) without this code depending on its exact file.
 */
export interface ControlDef {
  /** e.g. `IAM-01`. */
  readonly id: string;
  readonly title?: string;
  /** Collector ids whose evidence the control reads. */
  readonly collectors: readonly string[];
  readonly frequency: Frequency;
  /** Version of the control's mapping data; recorded on every result as `mappingVersion`. */
  readonly version: string;
  /** `manual` controls (any case) are never evaluated from evidence. */
  readonly automation?: string;
}

/** The latest stored artifact of one collector and scope, as the engine reads it. */
export interface EvidenceInput {
  readonly collector: string;
  /** Canonical scope key, e.g. `account=123456789012,region=us-east-1`. */
  readonly scope: string;
  readonly sha256: string;
  readonly observedAt: string;
  readonly collectedAt: string;
  /** Last time a collector run found the source unchanged (re-observation of the same artifact). */
  readonly confirmedAt?: string;
  /** SHA-256 (log identity) of the observation statement that proves `confirmedAt`. */
  readonly observation?: string;
  readonly data: unknown;
  readonly errors: readonly unknown[];
  /** The provenance's `complete` flag. */
  readonly complete: boolean;
}

export type ControlStatus = 'PASS' | 'FAIL' | 'UNKNOWN' | 'NOT_APPLICABLE';

/** One rule's verdict on one scope's evidence, as the engine recorded it (`explain` shows these). */
export interface RuleJudgement {
  /** Rule id; `-` when no rule evaluates the control. */
  readonly rule: string;
  /** Canonical scope key; `*` when there was no evidence to judge. */
  readonly scope: string;
  readonly status: ControlStatus;
  /** In words: what passed or failed, or why the verdict is UNKNOWN. */
  readonly reason: string;
  /** Failing resources as the rule named them (without the scope prefix). */
  readonly failing: readonly FailingResource[];
}

/** One evaluation of one control, with what judged it and what it read. */
export interface ControlResult {
  readonly controlId: string;
  readonly status: ControlStatus;
  readonly reason: string;
  /** Failing resources, each prefixed by its scope: `<scope>/<resource>`. */
  readonly failing: readonly FailingResource[];
  /** Rule id → version of every rule that judged this result. */
  readonly ruleVersions: Readonly<Record<string, string>>;
  readonly mappingVersion: string;
  /** SHA-256 of every artifact read, sorted. */
  readonly artifacts: readonly string[];
  /**
   * SHA-256 of every observation statement (a logged re-observation) an input's time was taken from, sorted; absent
   * when none was. Snapshots archive them as log leaves.
   */
  readonly observations?: readonly string[];
  /**
   * The oldest observation time among the inputs (an input's time is its confirmedAt when a later run re-observed
   * identical content, else its observedAt); the evaluation time when there was no input. Window membership uses it.
   */
  readonly observedAt: string;
  readonly evaluatedAt: string;
  /** Every rule-level verdict the control status was combined from (absent on results stored by earlier versions). */
  readonly rules?: readonly RuleJudgement[];
}

/** A change of a control's state, reported once (docs/ARCHITECTURE.md, "Data flow"). */
export interface Transition {
  readonly controlId: string;
  /** Undefined on a control's first evaluation. */
  readonly from: ControlStatus | undefined;
  readonly to: ControlStatus;
  /** `drift`: →FAIL; `recovered`: FAIL/UNKNOWN→PASS; `unknown`: →UNKNOWN (collector broken); `changed`: anything else. */
  readonly kind: 'drift' | 'recovered' | 'unknown' | 'changed';
  /** The observedAt of the result that caused the change. */
  readonly at: string;
  readonly failing: readonly FailingResource[];
  readonly reason: string;
}

/** Looks up a collector's evidence time to live; undefined for an unknown collector. */
export type TtlLookup = (collectorId: string) => number | undefined;
