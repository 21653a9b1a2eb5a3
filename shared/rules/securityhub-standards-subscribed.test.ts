import { describe, expect, it } from '@jest/globals';
import { schema } from '../collectors/aws-securityhub-status/schema.js';
import { rule } from './securityhub-standards-subscribed.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const HUB = 'arn:aws:securityhub:us-east-1:123456789012:hub/default';
const FSBP = 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0';
const CIS = 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0';
const standard = (standardsArn: string, status: string) => ({
  standardsArn,
  subscriptionArn: `${standardsArn}/subscription`,
  status,
});
const hub = (enabled: boolean, standards: ReturnType<typeof standard>[] | null) =>
  schema.parse({
    enabled,
    hubArn: enabled ? HUB : null,
    subscribedAt: null,
    autoEnableControls: enabled ? true : null,
    controlFindingGenerator: null,
    standards,
    failedFindingsBySeverity: null,
  });

describe('securityhub-standards-subscribed', () => {
  it('returns PASS when a subscribed standard is ready', () => {
    expect(rule.evaluate(hub(true, [standard(FSBP, 'READY'), standard(CIS, 'PENDING')]), ctx)).toEqual({
      status: 'PASS',
      reason: '1 security standards are subscribed and ready',
      failing: [],
    });
  });

  it('returns FAIL naming the hub when no standard is subscribed', () => {
    const out = rule.evaluate(hub(true, []), ctx);
    expect(out.status).toBe('FAIL');
    expect(out.failing).toEqual([{ resource: HUB, reason: 'no standards' }]);
  });

  it('returns FAIL naming each standard when none is ready', () => {
    const out = rule.evaluate(hub(true, [standard(FSBP, 'FAILED'), standard(CIS, 'INCOMPLETE')]), ctx);
    expect(out.failing).toEqual([
      { resource: FSBP, reason: 'status FAILED' },
      { resource: CIS, reason: 'status INCOMPLETE' },
    ]);
  });

  it('returns NOT_APPLICABLE for empty input: hub off, no standards (securityhub-hub-enabled fails)', () => {
    expect(rule.evaluate(hub(false, null), ctx)).toEqual({
      status: 'NOT_APPLICABLE',
      reason: 'Security Hub is not enabled in this region',
      failing: [],
    });
  });
  it("returns UNKNOWN, not FAIL, when the enabled hub's standards could not be read", () => {
    expect(rule.evaluate(hub(true, null), ctx)).toEqual({
      status: 'UNKNOWN',
      reason: 'the subscribed security standards could not be read',
      failing: [],
    });
  });
});
