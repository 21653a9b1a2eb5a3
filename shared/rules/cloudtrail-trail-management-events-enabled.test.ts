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

  it('returns FAIL when no logging multi-region trail records the region: a single-region trail is not 3.1', () => {
    expect(rule.evaluate(data([trail('local', ALL, false)]), ctx)).toEqual({
      status: 'FAIL',
      reason: 'no logging multi-region trail records management events in this region',
      failing: [{ resource: 'cloudtrail', reason: 'no logging multi-region trail' }],
    });
  });

  it('returns FAIL for a region without any trail, never NOT_APPLICABLE', () => {
    expect(rule.evaluate(data([]), ctx).status).toBe('FAIL');
  });

  it('returns NOT_APPLICABLE where a multi-region trail homed elsewhere records the region (judged at home)', () => {
    const covering = {
      name: 'org',
      arn: arn('org'),
      homeRegion: 'eu-west-1',
      isMultiRegion: true,
      isOrganizationTrail: false,
      isLogging: true,
    };
    expect(rule.evaluate(schema.parse({ trails: [], coveringTrails: [covering] }), ctx)).toEqual({
      status: 'NOT_APPLICABLE',
      reason: 'multi-region trail org is judged in its home region eu-west-1',
      failing: [],
    });
    const unread = { ...covering, isLogging: undefined };
    expect(rule.evaluate(schema.parse({ trails: [], coveringTrails: [unread] }), ctx).status).toBe('UNKNOWN');
  });
});
