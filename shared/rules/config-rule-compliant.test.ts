import { describe, expect, it } from '@jest/globals';
import { schema, type ConfigRuleCompliance } from '../collectors/aws-config-compliance/schema.js';
import { rule } from './config-rule-compliant.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const arn = (n: string) => `arn:aws:config:us-east-1:123456789012:config-rule/${n}`;
const configRule = (
  name: string,
  complianceType: ConfigRuleCompliance['complianceType'],
  count: number | null = null,
  capped: boolean | null = null,
): ConfigRuleCompliance => ({
  name,
  arn: arn(name),
  id: `config-rule-${name}`,
  sourceOwner: 'AWS',
  sourceIdentifier: name.toUpperCase(),
  state: 'ACTIVE',
  createdBy: null,
  complianceType,
  nonCompliantResourceCount: count,
  nonCompliantCountCapped: capped,
});
const data = (rules: ConfigRuleCompliance[]) => schema.parse({ rules });

describe('config-rule-compliant', () => {
  it('returns PASS when no Config rule is non-compliant (pending results do not fail)', () => {
    const out = rule.evaluate(data([configRule('s3-versioning', 'COMPLIANT'), configRule('new', null)]), ctx);
    expect(out).toEqual({
      status: 'PASS',
      reason: 'none of 2 Config rules reports non-compliant resources',
      failing: [],
    });
  });

  it('returns FAIL naming each non-compliant rule with its resource count', () => {
    const out = rule.evaluate(
      data([
        configRule('ok', 'COMPLIANT'),
        configRule('ebs-encrypted', 'NON_COMPLIANT', 3, false),
        configRule('sg-open', 'NON_COMPLIANT', 100, true),
      ]),
      ctx,
    );
    expect(out.status).toBe('FAIL');
    expect(out.failing).toEqual([
      { resource: arn('ebs-encrypted'), reason: 'ebs-encrypted: 3 non-compliant resources' },
      { resource: arn('sg-open'), reason: 'sg-open: 100+ non-compliant resources' },
    ]);
  });

  it('returns PASS, not NOT_APPLICABLE, when every rule is NOT_APPLICABLE to the region', () => {
    expect(rule.evaluate(data([configRule('rds', 'NOT_APPLICABLE')]), ctx).status).toBe('PASS');
  });

  it('is never NOT_APPLICABLE: empty input (no Config rules) fails, since no baseline is evaluated', () => {
    expect(rule.evaluate(data([]), ctx)).toEqual({
      status: 'FAIL',
      reason: 'no AWS Config rule evaluates the baseline',
      failing: [{ resource: 'config-rules', reason: 'none' }],
    });
  });
});
