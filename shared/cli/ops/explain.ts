import type { ResultsStore } from '../../mapping/results-store.js';
import type { ControlStatus, RuleJudgement } from '../../mapping/types.js';
import type { Benchmarks, Rule } from '../../rules/types.js';

/** One rule-level verdict with what the rule is and which benchmarks it implements. */
interface ExplainedRule extends RuleJudgement {
  readonly title: string;
  readonly benchmarks?: Benchmarks;
}

/** Why a control has its current status: the stored result the state came from, rule by rule. */
export interface ControlExplanation {
  readonly controlId: string;
  readonly title: string;
  readonly status: ControlStatus | 'NOT_EVALUATED';
  readonly reason: string;
  readonly observedAt?: string;
  readonly evaluatedAt?: string;
  readonly failing: readonly { readonly resource: string; readonly reason?: string }[];
  /** Every rule-level verdict; empty when the control was never evaluated or its result predates rule records. */
  readonly rules: readonly ExplainedRule[];
}

/**
 * Explains a control from its stored state and the result that set it (the latest result at the state's
 * observation time), naming each rule's verdict, reason and failing resources.
 */
export async function explainControl(
  control: { readonly id: string; readonly title?: string },
  rules: readonly Rule[],
  results: ResultsStore,
): Promise<ControlExplanation> {
  const title = control.title ?? control.id;
  const state = await results.getState(control.id);
  if (!state) {
    return {
      controlId: control.id,
      title,
      status: 'NOT_EVALUATED',
      reason: 'no result is stored yet: run `flux-evidence evaluate`',
      failing: [],
      rules: [],
    };
  }
  let latest;
  for await (const r of results.results(control.id, state.observedAt, state.observedAt)) latest = r;
  const byId = new Map(rules.map((r) => [r.id, r]));
  const explained = (latest?.rules ?? []).map((j) => {
    const rule = byId.get(j.rule);
    return {
      ...j,
      title: rule?.title ?? (j.rule === '-' ? 'no rule' : j.rule),
      ...(rule?.benchmarks ? { benchmarks: rule.benchmarks } : {}),
    };
  });
  return {
    controlId: control.id,
    title,
    status: latest?.status ?? state.status,
    reason: latest?.reason ?? 'the stored result could not be found',
    observedAt: state.observedAt,
    evaluatedAt: state.evaluatedAt,
    failing: latest?.failing ?? [],
    rules: explained,
  };
}
