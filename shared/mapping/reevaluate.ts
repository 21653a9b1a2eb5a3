import type { FailingResource, Rule, RuleThresholds } from '../rules/types.js';
import { evaluateControl } from './engine.js';
import type { ControlDef, ControlResult, EvidenceInput, TtlLookup } from './types.js';

/** A result whose judgement changes under the new rules. */
interface ReevaluationChange {
  readonly before: ControlResult;
  readonly after: ControlResult;
  readonly statusChanged: boolean;
  /** Failing resources only the new rules report, and those they no longer report. */
  readonly newlyFailing: readonly FailingResource[];
  readonly noLongerFailing: readonly FailingResource[];
}

export interface ReevaluationReport {
  readonly controlId: string;
  readonly ruleVersions: Readonly<Record<string, string>>;
  readonly compared: number;
  /** Stored results whose artifacts were not all in the evidence given, so they could not be replayed. */
  readonly skipped: readonly ControlResult[];
  readonly changes: readonly ReevaluationChange[];
}

export interface ReevaluateInput {
  readonly control: ControlDef;
  /** The rules to judge with, e.g. the current ones with one rule replaced by its new version. */
  readonly rules: readonly Rule[];
  /** Historical evidence (stored envelopes as engine inputs), streamed; only those the results read are kept. */
  readonly evidence: AsyncIterable<EvidenceInput>;
  /** The control's stored results to compare against. */
  readonly stored: readonly ControlResult[];
  readonly ttlHoursOf: TtlLookup;
  /** Rule thresholds from the configuration (benchmark defaults when absent). */
  readonly thresholds?: RuleThresholds;
}

/**
 * Replays a control's stored results under new rule versions: each result is re-evaluated from exactly the artifacts
 * it recorded, as of its own evaluatedAt, and listed when its status or failing resources differ.
 */
export async function reevaluate(input: ReevaluateInput): Promise<ReevaluationReport> {
  const wanted = new Set(input.stored.flatMap((r) => r.artifacts));
  const bySha = new Map<string, EvidenceInput>();
  for await (const e of input.evidence) if (wanted.has(e.sha256)) bySha.set(e.sha256, e);

  const changes: ReevaluationChange[] = [];
  const skipped: ControlResult[] = [];
  let compared = 0;
  for (const before of input.stored) {
    const evidence = before.artifacts.map((sha) => bySha.get(sha));
    if (evidence.some((e) => e === undefined)) {
      skipped.push(before);
      continue;
    }
    const after = evaluateControl(
      input.control,
      input.rules,
      evidence as EvidenceInput[],
      new Date(before.evaluatedAt),
      input.ttlHoursOf,
      input.thresholds ? { thresholds: input.thresholds } : {},
    );
    compared++;
    const key = (f: FailingResource) => f.resource;
    const was = new Set(before.failing.map(key));
    const now = new Set(after.failing.map(key));
    const newlyFailing = after.failing.filter((f) => !was.has(f.resource));
    const noLongerFailing = before.failing.filter((f) => !now.has(f.resource));
    const statusChanged = before.status !== after.status;
    if (statusChanged || newlyFailing.length || noLongerFailing.length) {
      changes.push({ before, after, statusChanged, newlyFailing, noLongerFailing });
    }
  }
  return {
    controlId: input.control.id,
    ruleVersions: Object.fromEntries(
      input.rules.filter((r) => r.controls.includes(input.control.id)).map((r) => [r.id, r.version]),
    ),
    compared,
    skipped,
    changes,
  };
}
