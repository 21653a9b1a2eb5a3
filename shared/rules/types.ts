import { ValidationError } from '../errors.js';

/** What a rule may conclude. UNKNOWN is never a rule's verdict: the mapping engine decides it. */
export type RuleStatus = 'PASS' | 'FAIL' | 'NOT_APPLICABLE';

/** A resource that fails a rule, named as the collector names it (ARN, login, repo). */
export interface FailingResource {
  readonly resource: string;
  readonly reason?: string;
}

/** A rule's judgement of one artifact's data. */
export interface RuleOutcome {
  readonly status: RuleStatus;
  readonly reason: string;
  readonly failing: readonly FailingResource[];
}

/** The only context a rule gets: the evaluation time. Rules do no I/O. */
export interface RuleContext {
  readonly now: Date;
}

/**
 * A pure function from one collector's `data` to PASS, FAIL or NOT_APPLICABLE (STYLE.md 6). Missing,
 * stale or errored evidence never reaches `evaluate`: the engine turns it into UNKNOWN.
 */
export interface Rule<TData = unknown> {
  /** Kebab-case `<service>-<resource>-<property>`, equal to the file name, e.g. `iam-user-mfa-enabled`. */
  readonly id: string;
  /** Semantic version; bump it whenever the judgement can change, so history can be re-evaluated. */
  readonly version: string;
  /** The id of the collector whose `data` the rule reads. */
  readonly collector: string;
  /** Common control ids (e.g. `IAM-01`) the rule serves. */
  readonly controls: readonly string[];
  readonly title: string;
  /**
   * Optional shape guard for data written by older collector versions: when it returns false the engine
   * reports UNKNOWN instead of calling `evaluate` on data it cannot read.
   */
  accepts?(data: unknown): boolean;
  // Method syntax on purpose: it keeps Rule<Specific> assignable to Rule<unknown> in registries.
  evaluate(data: TData, ctx: RuleContext): RuleOutcome;
}

const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+){2,}$/;
const SEMVER = /^\d+\.\d+\.\d+$/;
const CONTROL_ID = /^[A-Z]{2,5}-\d{2,3}$/;

/** Declares a rule, checking its id, version and control ids once at module load. */
export function defineRule<TData>(rule: Rule<TData>): Rule<TData> {
  const issues: string[] = [];
  if (!RULE_ID.test(rule.id))
    issues.push(`id: "${rule.id}" must be kebab-case <service>-<resource>-<property>`);
  if (!SEMVER.test(rule.version)) issues.push(`version: "${rule.version}" must be a semantic version`);
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(rule.collector))
    issues.push(`collector: "${rule.collector}" must be kebab-case`);
  if (rule.controls.length === 0) issues.push('controls: a rule serves at least one control');
  for (const c of rule.controls)
    if (!CONTROL_ID.test(c)) issues.push(`controls: "${c}" is not a control id like IAM-01`);
  if (issues.length) throw new ValidationError(`rule ${rule.id}`, issues);
  return rule;
}

/** Shorthand outcomes, so rules read as judgements rather than object literals. */
export const outcome = {
  pass: (reason: string): RuleOutcome => ({ status: 'PASS', reason, failing: [] }),
  notApplicable: (reason: string): RuleOutcome => ({ status: 'NOT_APPLICABLE', reason, failing: [] }),
  fail: (reason: string, failing: readonly FailingResource[]): RuleOutcome => ({
    status: 'FAIL',
    reason,
    failing,
  }),
  /** PASS when nothing fails, else FAIL listing every failing resource. */
  of: (failing: readonly FailingResource[], passReason: string, failReason: string): RuleOutcome =>
    failing.length === 0 ? outcome.pass(passReason) : outcome.fail(failReason, failing),
};
