import type { Rule } from './types.js';
import { awsRules } from './aws-rules.js';
import { findingsRules } from './findings-rules.js';
import { githubRules } from './github-rules.js';
import { identityRules } from './identity-rules.js';
import { rule as iamAccessKeyRotated } from './iam-access-key-rotated.js';
import { rule as iamPasswordPolicyMinimumLength } from './iam-password-policy-minimum-length.js';

/**
 * Every rule. Source-specific lists (`<source>-rules.ts`) are merged here; the registry test checks that ids are
 * unique, equal to their file names, and that every rule file is registered.
 */
export const rules: readonly Rule[] = [
  ...awsRules,
  ...githubRules,
  ...identityRules,
  ...findingsRules,
  iamAccessKeyRotated,
  iamPasswordPolicyMinimumLength,
] as readonly Rule[];

/** The rules that serve a control. */
export function rulesForControl(controlId: string, all: readonly Rule[] = rules): Rule[] {
  return all.filter((r) => r.controls.includes(controlId));
}

/**
 * The rules whose collector is among `collectorIds`: those that can be judged where only these collectors run. A
 * rule for a source that is not deployed (say Entra ID when the company uses Okta) would keep its controls UNKNOWN.
 */
export function rulesForCollectors<R extends { readonly collector: string }>(
  all: readonly R[],
  collectorIds: Iterable<string>,
): R[] {
  const running = new Set(collectorIds);
  return all.filter((r) => running.has(r.collector));
}
