import { describe, expect, it } from '@jest/globals';
import { schema, type Trail } from '../collectors/aws-cloudtrail-trails/schema.js';
import { rule } from './cloudtrail-trail-multi-region-logging.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const arn = (n: string) => `arn:aws:cloudtrail:us-east-1:123456789012:trail/${n}`;
const trail = (name: string, isMultiRegion: boolean, isLogging: boolean | undefined): Trail => ({
  name,
  arn: arn(name),
  homeRegion: 'us-east-1',
  isMultiRegion,
  isOrganizationTrail: false,
  logFileValidationEnabled: true,
  kmsKeyId: null,
  s3BucketName: 'acme-trail',
  includeGlobalServiceEvents: true,
  ...(isLogging === undefined ? {} : { isLogging }),
});
const data = (trails: Trail[]) => schema.parse({ trails });

const covering = (name: string, isOrganizationTrail: boolean, isLogging: boolean) => ({
  name,
  arn: `arn:aws:cloudtrail:eu-west-1:999999999999:trail/${name}`,
  homeRegion: 'eu-west-1',
  isMultiRegion: true,
  isOrganizationTrail,
  isLogging,
});

describe('cloudtrail-trail-multi-region-logging', () => {
  it('returns PASS in a region with no trail of its own when a multi-region trail homed elsewhere records it', () => {
    const out = rule.evaluate(
      schema.parse({ trails: [], coveringTrails: [covering('main', false, true)] }),
      ctx,
    );
    expect(out).toMatchObject({
      status: 'PASS',
      reason: 'multi-region trail main (homed in eu-west-1) is logging',
      failing: [],
    });
  });

  it('returns PASS in a member account recorded by the organization trail', () => {
    const out = rule.evaluate(
      schema.parse({ trails: [], coveringTrails: [covering('org', true, true)] }),
      ctx,
    );
    expect(out.reason).toBe('multi-region trail org (organization trail, homed in eu-west-1) is logging');
  });

  it('returns FAIL when the only covering trail has stopped logging', () => {
    const out = rule.evaluate(
      schema.parse({ trails: [], coveringTrails: [covering('main', false, false)] }),
      ctx,
    );
    expect(out.status).toBe('FAIL');
  });

  it('returns PASS when one multi-region trail is logging', () => {
    expect(rule.evaluate(data([trail('local', false, true), trail('org', true, true)]), ctx)).toMatchObject({
      status: 'PASS',
      reason: 'multi-region trail org is logging',
      failing: [],
    });
  });

  it('returns FAIL naming every trail and what it lacks when none qualifies', () => {
    const out = rule.evaluate(
      data([trail('local', false, true), trail('stopped', true, false), trail('unread', true, undefined)]),
      ctx,
    );
    expect(out.status).toBe('FAIL');
    expect(out.reason).toBe('no multi-region trail is logging');
    expect(out.failing).toEqual([
      { resource: arn('local'), reason: 'single-region' },
      { resource: arn('stopped'), reason: 'not logging' },
      // 'unread' is not failed: its status could not be read, and the engine names it as unseen.
    ]);
  });

  it('is never NOT_APPLICABLE: empty input (no trail in the region) fails, since absence is the finding', () => {
    expect(rule.evaluate(data([]), ctx)).toEqual({
      status: 'FAIL',
      reason: 'no CloudTrail trail records this region',
      failing: [{ resource: 'cloudtrail', reason: 'no trail' }],
    });
  });
});
