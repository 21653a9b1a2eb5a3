import { DEFAULT_THRESHOLDS, type Rule, type RuleOutcome, type RuleThresholds } from '../rules/types.js';
import { blindSpots, describeBlind } from './reasons.js';
import type { ControlDef, ControlResult, EvidenceInput, RuleJudgement, TtlLookup } from './types.js';

const HOUR_MS = 3_600_000;

type Judgement = RuleJudgement;

/** What the engine needs besides the evidence: the rule thresholds (benchmark defaults when absent). */
export interface EngineOptions {
  readonly thresholds?: RuleThresholds;
}

/** The time (epoch ms) an input's facts were last seen to hold: a later re-observation counts. */
export function freshAt(e: EvidenceInput): number {
  const observed = Date.parse(e.observedAt);
  // Stryker disable next-line ConditionalExpression: Date.parse(undefined) is NaN as well
  const confirmed = e.confirmedAt === undefined ? Number.NaN : Date.parse(e.confirmedAt);
  // Stryker disable next-line EqualityOperator: equal times give the same result either way
  return confirmed > observed ? confirmed : observed;
}

/**
 * Why an artifact cannot be judged at all (missing TTL, stale, no data), or undefined when it can. Failed calls in
 * an artifact that holds data do not stop judgement: see `judge`.
 */
function evidenceProblem(e: EvidenceInput, now: Date, ttlHoursOf: TtlLookup): string | undefined {
  const ttl = ttlHoursOf(e.collector);
  if (ttl === undefined) return `collector ${e.collector} is not registered, so its evidence cannot be dated`;
  const ageMs = now.getTime() - freshAt(e);
  if (!(ageMs <= ttl * HOUR_MS)) {
    const hours = Number.isNaN(ageMs) ? 'an unknown number of' : Math.floor(ageMs / HOUR_MS);
    return `evidence from ${e.collector} is stale: last observed ${hours} hours ago (ttl ${ttl}h)`;
  }
  if (e.data === null || e.data === undefined) {
    const blind = blindSpots(e.errors);
    return blind.length
      ? `collector ${e.collector} stored no data: ${describeBlind(blind)}`
      : `collector ${e.collector} stored no data`;
  }
  return undefined;
}

/**
 * A verdict on data the collector could not fully read: a FAIL stands (the failing resources were seen), any other
 * verdict becomes UNKNOWN naming what was not seen.
 */
function partial(out: RuleOutcome, unseen: string): RuleOutcome {
  if (out.status === 'FAIL' || out.regardlessOfUnseen)
    return { status: out.status, reason: `${out.reason}; also ${unseen}`, failing: out.failing };
  const seen = out.status === 'UNKNOWN' ? out.reason : `${out.reason} among what was read`;
  return { status: 'UNKNOWN', reason: `${seen}, but ${unseen}`, failing: [] };
}

function judge(
  rule: Rule,
  e: EvidenceInput,
  now: Date,
  ttlHoursOf: TtlLookup,
  thresholds: RuleThresholds,
): Judgement {
  const base = { rule: rule.id, scope: e.scope };
  const problem = evidenceProblem(e, now, ttlHoursOf);
  if (problem) return { ...base, status: 'UNKNOWN', reason: problem, failing: [] };
  if (rule.accepts && !rule.accepts(e.data)) {
    return {
      ...base,
      status: 'UNKNOWN',
      reason: `data from ${e.collector} has a shape rule ${rule.id} cannot read`,
      failing: [],
    };
  }
  const blind = blindSpots(e.errors, rule.reads);
  let out: RuleOutcome;
  try {
    out = rule.evaluate(e.data, { now, thresholds, blind });
  } catch (err) {
    return {
      ...base,
      status: 'UNKNOWN',
      reason: `rule ${rule.id} threw: ${(err as Error).message}`,
      failing: [],
    };
  }
  if (blind.length > 0) out = partial(out, describeBlind(blind));
  else if (!e.complete && e.errors.length === 0)
    out = partial(out, `could not see everything: collector ${e.collector} marked its listing incomplete`);
  return { ...base, status: out.status, reason: out.reason, failing: out.failing };
}

/**
 * Evaluates one control from the latest evidence of each collector and scope (pure). Missing and stale evidence
 * become UNKNOWN with a reason; evidence with failed calls is judged for what it holds (see `partial`). Across rules
 * and scopes: any FAIL → FAIL (every failing resource, prefixed `<scope>/`), else any UNKNOWN → UNKNOWN, else PASS
 * when at least one rule passed, else (every rule not applicable) NOT_APPLICABLE. NOT_APPLICABLE never counts
 * towards PASS: it only stays out of the way of the rules that did apply.
 */
export function evaluateControl(
  control: ControlDef,
  rules: readonly Rule[],
  evidence: readonly EvidenceInput[],
  now: Date,
  ttlHoursOf: TtlLookup,
  options: EngineOptions = {},
): ControlResult {
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const mine = rules.filter((r) => r.controls.includes(control.id));
  const judgements: Judgement[] = [];
  const used = new Set<EvidenceInput>();
  for (const rule of mine) {
    const inputs = evidence.filter((e) => e.collector === rule.collector);
    if (inputs.length === 0) {
      judgements.push({
        rule: rule.id,
        scope: '*',
        status: 'UNKNOWN',
        reason: `no evidence from ${rule.collector}`,
        failing: [],
      });
    }
    for (const e of inputs) {
      used.add(e);
      judgements.push(judge(rule, e, now, ttlHoursOf, thresholds));
    }
  }
  if (mine.length === 0) {
    judgements.push({
      rule: '-',
      scope: '*',
      status: 'UNKNOWN',
      reason: `no rule evaluates ${control.id}`,
      failing: [],
    });
  }
  const oldest = Math.min(...[...used].map(freshAt).filter((t) => !Number.isNaN(t)));
  return {
    controlId: control.id,
    ...combine(judgements),
    ruleVersions: Object.fromEntries(mine.map((r) => [r.id, r.version])),
    mappingVersion: control.version,
    artifacts: [...new Set([...used].map((e) => e.sha256))].sort(),
    ...observationsOf(used),
    observedAt: Number.isFinite(oldest) ? new Date(oldest).toISOString() : now.toISOString(),
    evaluatedAt: now.toISOString(),
    rules: judgements,
  };
}

/** The logged re-observations the result's time rests on (inputs whose fresh time is their confirmation). */
function observationsOf(used: ReadonlySet<EvidenceInput>): Pick<ControlResult, 'observations'> {
  const cited = [...used].filter((e) => e.observation !== undefined && freshAt(e) > Date.parse(e.observedAt));
  return cited.length ? { observations: [...new Set(cited.map((e) => e.observation!))].sort() } : {};
}

function combine(js: readonly Judgement[]): Pick<ControlResult, 'status' | 'reason' | 'failing'> {
  const label = (j: Judgement) =>
    j.scope === '*' ? `${j.rule}: ${j.reason}` : `${j.rule} @ ${j.scope}: ${j.reason}`;
  const fails = js.filter((j) => j.status === 'FAIL');
  if (fails.length) {
    const failing = fails.flatMap((j) =>
      j.failing.map((f) => ({ ...f, resource: `${j.scope}/${f.resource}` })),
    );
    return { status: 'FAIL', reason: fails.map(label).join('; '), failing };
  }
  const unknown = js.filter((j) => j.status === 'UNKNOWN');
  if (unknown.length) return { status: 'UNKNOWN', reason: unknown.map(label).join('; '), failing: [] };
  const passed = js.filter((j) => j.status === 'PASS');
  if (passed.length === 0) return { status: 'NOT_APPLICABLE', reason: js.map(label).join('; '), failing: [] };
  return { status: 'PASS', reason: passed.map(label).join('; '), failing: [] };
}
