import type { FailingResource, Rule, RuleOutcome } from '../rules/types.js';
import type { ControlDef, ControlResult, ControlStatus, EvidenceInput, TtlLookup } from './types.js';

const HOUR_MS = 3_600_000;

/** One rule's judgement of one scope, after the engine's evidence checks. */
interface Judgement {
  readonly rule: string;
  readonly scope: string;
  readonly status: ControlStatus;
  readonly reason: string;
  readonly failing: readonly FailingResource[];
}

/** The time (epoch ms) an input's facts were last seen to hold: a later re-observation counts. */
export function freshAt(e: EvidenceInput): number {
  const observed = Date.parse(e.observedAt);
  const confirmed = e.confirmedAt === undefined ? Number.NaN : Date.parse(e.confirmedAt);
  return confirmed > observed ? confirmed : observed;
}

/**
 * Why an artifact cannot be judged (missing TTL, stale, errored, incomplete, no data), or undefined when it can.
 * A failure to collect never passes.
 */
export function evidenceProblem(e: EvidenceInput, now: Date, ttlHoursOf: TtlLookup): string | undefined {
  const ttl = ttlHoursOf(e.collector);
  if (ttl === undefined) return `collector ${e.collector} is not registered, so its evidence cannot be dated`;
  const ageMs = now.getTime() - freshAt(e);
  if (!(ageMs <= ttl * HOUR_MS)) {
    const hours = Number.isNaN(ageMs) ? 'an unknown number of' : Math.floor(ageMs / HOUR_MS);
    return `evidence from ${e.collector} is stale: last observed ${hours} hours ago (ttl ${ttl}h)`;
  }
  if (e.errors.length > 0) {
    const codes = [...new Set(e.errors.map((x) => (x as { code?: string }).code ?? 'error'))].join(', ');
    return `collector ${e.collector} reported ${e.errors.length} error(s): ${codes}`;
  }
  if (e.data === null || e.data === undefined) return `collector ${e.collector} stored no data`;
  if (!e.complete) return `collector ${e.collector} marked its listing incomplete`;
  return undefined;
}

function judge(rule: Rule, e: EvidenceInput, now: Date, ttlHoursOf: TtlLookup): Judgement {
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
  let out: RuleOutcome;
  try {
    out = rule.evaluate(e.data, { now });
  } catch (err) {
    return {
      ...base,
      status: 'UNKNOWN',
      reason: `rule ${rule.id} threw: ${(err as Error).message}`,
      failing: [],
    };
  }
  return { ...base, status: out.status, reason: out.reason, failing: out.failing };
}

/**
 * Evaluates one control from the latest evidence of each collector and scope (pure). Missing, stale and errored
 * evidence become UNKNOWN with a reason. Across rules and scopes: any FAIL → FAIL (every failing resource,
 * prefixed `<scope>/`), else any UNKNOWN → UNKNOWN, else all NOT_APPLICABLE → NOT_APPLICABLE, else PASS.
 */
export function evaluateControl(
  control: ControlDef,
  rules: readonly Rule[],
  evidence: readonly EvidenceInput[],
  now: Date,
  ttlHoursOf: TtlLookup,
): ControlResult {
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
      judgements.push(judge(rule, e, now, ttlHoursOf));
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
    observedAt: Number.isFinite(oldest) ? new Date(oldest).toISOString() : now.toISOString(),
    evaluatedAt: now.toISOString(),
  };
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
  if (js.every((j) => j.status === 'NOT_APPLICABLE')) {
    return { status: 'NOT_APPLICABLE', reason: js.map(label).join('; '), failing: [] };
  }
  return {
    status: 'PASS',
    reason: js
      .filter((j) => j.status === 'PASS')
      .map(label)
      .join('; '),
    failing: [],
  };
}
