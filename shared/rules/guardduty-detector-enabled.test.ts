import { describe, expect, it } from '@jest/globals';
import { schema, type Detector } from '../collectors/aws-guardduty-detectors/schema.js';
import { rule } from './guardduty-detector-enabled.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const detector = (detectorId: string, status: string): Detector => ({
  detectorId,
  status,
  findingPublishingFrequency: 'SIX_HOURS',
  createdAt: '2025-01-01T00:00:00Z',
  dataSources: { 'S3Logs.Status': status },
  features: [{ name: 'S3_DATA_EVENTS', status }],
});
const data = (detectors: Detector[]) => schema.parse({ detectors });

describe('guardduty-detector-enabled', () => {
  it('returns PASS when a detector is enabled', () => {
    expect(rule.evaluate(data([detector('d-1', 'ENABLED')]), ctx)).toMatchObject({
      status: 'PASS',
      reason: 'GuardDuty detector d-1 is enabled',
      failing: [],
    });
  });

  it('returns FAIL naming each detector when all are disabled', () => {
    const out = rule.evaluate(data([detector('d-1', 'DISABLED')]), ctx);
    expect(out.status).toBe('FAIL');
    expect(out.failing).toEqual([{ resource: 'd-1', reason: 'status DISABLED' }]);
  });

  it('is never NOT_APPLICABLE: empty input (no detector) means GuardDuty is off in the region', () => {
    expect(rule.evaluate(data([]), ctx)).toEqual({
      status: 'FAIL',
      reason: 'GuardDuty is not enabled in this region',
      failing: [{ resource: 'guardduty', reason: 'no detector' }],
    });
  });
  it('returns UNKNOWN, not FAIL, when the listed detector could not be read', () => {
    const blind = [{ resource: 'd-1', operation: 'GetDetector', why: 'access was denied' }];
    expect(rule.evaluate(data([]), ruleContext(ctx.now, { blind })).status).toBe('UNKNOWN');
  });

  it('returns UNKNOWN, not FAIL, when the detectors read are disabled and another could not be read', () => {
    const blind = [{ resource: 'd-2', operation: 'GetDetector', why: 'access was denied' }];
    expect(rule.evaluate(data([detector('d-1', 'DISABLED')]), ruleContext(ctx.now, { blind }))).toEqual({
      status: 'UNKNOWN',
      reason: '1 GuardDuty detectors read are disabled, and 1 could not be read',
      failing: [],
    });
  });
});
