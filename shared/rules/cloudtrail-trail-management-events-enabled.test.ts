import { describe, expect, it } from '@jest/globals';
import { schema, type ManagementEvents, type Trail } from '../collectors/aws-cloudtrail-trails/schema.js';
import { rule } from './cloudtrail-trail-management-events-enabled.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const arn = (n: string) => `arn:aws:cloudtrail:us-east-1:123456789012:trail/${n}`;
const ALL: ManagementEvents = {
  selectorKind: 'classic',
  included: true,
  readWriteType: 'All',
  excludedEventSources: [],
};
const trail = (
  name: string,
  managementEvents: ManagementEvents | undefined,
  isMultiRegion = true,
): Trail => ({
  name,
  arn: arn(name),
  homeRegion: 'us-east-1',
  isMultiRegion,
  isOrganizationTrail: false,
  logFileValidationEnabled: true,
  kmsKeyId: null,
  s3BucketName: 'acme-trail',
  includeGlobalServiceEvents: true,
  isLogging: true,
  ...(managementEvents ? { managementEvents } : {}),
});
const data = (trails: Trail[]) => schema.parse({ trails });

describe('cloudtrail-trail-management-events-enabled', () => {
  it('returns PASS when a logging multi-region trail records all management events', () => {
    const out = rule.evaluate(
      data([trail('writes', { ...ALL, readWriteType: 'WriteOnly' }), trail('org', ALL)]),
      ctx,
    );
    expect(out).toEqual({ status: 'PASS', reason: 'trail org records all management events', failing: [] });
  });

  it('returns FAIL naming each multi-region trail and its gap', () => {
    const out = rule.evaluate(
      data([
        trail('writes', { ...ALL, readWriteType: 'WriteOnly' }),
        trail('data-only', { ...ALL, included: false, readWriteType: null }),
        trail('no-kms', { ...ALL, selectorKind: 'advanced', excludedEventSources: ['kms.amazonaws.com'] }),
        trail('unread', undefined),
      ]),
      ctx,
    );
    expect(out.status).toBe('FAIL');
    expect(out.failing).toEqual([
      { resource: arn('writes'), reason: 'management events WriteOnly only' },
      { resource: arn('data-only'), reason: 'management events not recorded' },
      { resource: arn('no-kms'), reason: 'excludes kms.amazonaws.com' },
      { resource: arn('unread'), reason: 'management events not recorded' },
    ]);
  });

  it('returns NOT_APPLICABLE when no multi-region trail is logging (the multi-region rule fails instead)', () => {
    expect(rule.evaluate(data([trail('local', ALL, false)]), ctx).status).toBe('NOT_APPLICABLE');
  });

  it('returns NOT_APPLICABLE for empty input: no trails', () => {
    expect(rule.evaluate(data([]), ctx)).toEqual({
      status: 'NOT_APPLICABLE',
      reason: 'no multi-region trail is logging in this region',
      failing: [],
    });
  });
});
