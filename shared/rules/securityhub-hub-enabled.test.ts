import { describe, expect, it } from '@jest/globals';
import { schema } from '../collectors/aws-securityhub-status/schema.js';
import { rule } from './securityhub-hub-enabled.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const HUB = 'arn:aws:securityhub:us-east-1:123456789012:hub/default';
const off = {
  enabled: false,
  hubArn: null,
  subscribedAt: null,
  autoEnableControls: null,
  controlFindingGenerator: null,
  standards: null,
  failedFindingsBySeverity: null,
};

describe('securityhub-hub-enabled', () => {
  it('returns PASS when the account is subscribed', () => {
    const on = schema.parse({
      ...off,
      enabled: true,
      hubArn: HUB,
      standards: [],
      failedFindingsBySeverity: {},
    });
    expect(rule.evaluate(on, ctx)).toEqual({
      status: 'PASS',
      reason: `Security Hub is enabled (${HUB})`,
      failing: [],
    });
  });

  it('is never NOT_APPLICABLE: empty input (hub off) fails, naming Security Hub', () => {
    expect(rule.evaluate(schema.parse(off), ctx)).toEqual({
      status: 'FAIL',
      reason: 'Security Hub is not enabled in this region',
      failing: [{ resource: 'securityhub', reason: 'not subscribed' }],
    });
  });

  it('refuses data without the enabled flag, so the engine reports UNKNOWN', () => {
    expect(rule.accepts?.({ hubArn: HUB })).toBe(false);
  });
});
