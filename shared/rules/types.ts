import { ValidationError } from '../errors.js';

/**
 * What a rule may conclude. A rule returns UNKNOWN only when data that should exist is absent from otherwise
 * readable evidence (say, a credential report without its root row); the engine turns missing, stale and errored
 * evidence into UNKNOWN itself.
 */
type RuleStatus = 'PASS' | 'FAIL' | 'NOT_APPLICABLE' | 'UNKNOWN';

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
  /**
   * The verdict holds whatever the unseen part says (one enabled detector, one logging multi-region trail): the
   * engine then keeps a PASS although some calls failed, and names what was not seen in the reason.
   */
  readonly regardlessOfUnseen?: boolean;
}

/**
 * Benchmark thresholds rules read (CIS AWS Foundations Benchmark v4.0.1 and Prowler defaults), configurable under
 * `rules` in flux.config.json.
 */
export interface RuleThresholds {
  /** CIS 1.12 / Prowler iam_user_accesskey_unused, iam_user_console_access_unused: 45 days. */
  readonly unusedCredentialDays: number;
  /** CIS 1.8: 14 characters. */
  readonly passwordMinimumLength: number;
  /** CIS 1.9: the last 24 passwords may not be reused. */
  readonly passwordReusePrevention: number;
  /** Ports no security group may open to the internet (CIS 5.2, 5.3; Prowler's admin-port checks). */
  readonly adminPorts: readonly number[];
  /** Approvals a default branch's protection must require (GitHub). */
  readonly requiredApprovals: number;
  /** Repositories meant to be public (`name` or `owner/name`); any other public repository fails DAT-01. */
  readonly publicRepositories: readonly string[];
}

export const DEFAULT_THRESHOLDS: RuleThresholds = {
  unusedCredentialDays: 45,
  passwordMinimumLength: 14,
  passwordReusePrevention: 24,
  adminPorts: [20, 21, 22, 23, 445, 1433, 1521, 2483, 2484, 3306, 3389, 5432, 5500, 5601, 9200, 9300, 27017],
  requiredApprovals: 1,
  publicRepositories: [],
};

/** What the engine could not see in an artifact it otherwise read, in words. */
export interface Blind {
  /** The resource the failing call concerned (as the collector named it), if any. */
  readonly resource?: string;
  readonly operation?: string;
  /** e.g. `access denied`. */
  readonly why: string;
}

/** The only context a rule gets: the evaluation time, thresholds and what the collector could not read. Rules do no I/O. */
export interface RuleContext {
  readonly now: Date;
  readonly thresholds: RuleThresholds;
  /** Failed calls recorded with the artifact, except calls of operations the rule does not read (`reads`). */
  readonly blind: readonly Blind[];
}

/** A rule context with benchmark thresholds and nothing unseen, overridable field by field. */
export function ruleContext(now: Date, over: Partial<Omit<RuleContext, 'now'>> = {}): RuleContext {
  return { now, thresholds: DEFAULT_THRESHOLDS, blind: [], ...over };
}

/** Where a rule is held to an outside benchmark: cited in its metadata, checked by a test for every AWS rule. */
export interface Benchmarks {
  /** CIS AWS Foundations Benchmark v4.0.1 recommendation numbers, e.g. `['1.4']`; empty when CIS has none. */
  readonly cis?: readonly string[];
  /** Prowler check ids judging the same property, e.g. `['iam_no_root_access_key']`. */
  readonly prowler?: readonly string[];
  /**
   * Why a cited CIS recommendation lists none of this rule's Prowler checks in Prowler's own CIS v4.0.1 mapping
   * (frameworks/sources/cis-aws-4.0.1.prowler.tsv), when the rule still judges what the recommendation audits.
   */
  readonly cisDivergence?: string;
  /** Why `prowler` is empty: Prowler has no check judging what this rule judges. */
  readonly noProwlerCheck?: string;
}

/**
 * A pure function from one collector's `data` to PASS, FAIL or NOT_APPLICABLE (or UNKNOWN for data that should
 * exist and does not). Missing or stale evidence never reaches `evaluate`; evidence with failed calls does, with
 * `ctx.blind` naming them, and the engine never lets a verdict that did not see everything pass.
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
  /** Outside benchmarks this rule implements. */
  readonly benchmarks?: Benchmarks;
  /**
   * The collector operations whose answers this rule reads. When set, a failed call of any other operation (an
   * informational one, or one another rule reads) leaves this rule's verdict whole; errors that name no operation
   * always count. Unset: every error counts.
   */
  readonly reads?: readonly string[];
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
  /** Data that should exist is absent: never a pass, never "not applicable". */
  unknown: (reason: string): RuleOutcome => ({ status: 'UNKNOWN', reason, failing: [] }),
  fail: (reason: string, failing: readonly FailingResource[]): RuleOutcome => ({
    status: 'FAIL',
    reason,
    failing,
  }),
  /** PASS when nothing fails, else FAIL listing every failing resource. */
  of: (failing: readonly FailingResource[], passReason: string, failReason: string): RuleOutcome =>
    failing.length === 0 ? outcome.pass(passReason) : outcome.fail(failReason, failing),
};
