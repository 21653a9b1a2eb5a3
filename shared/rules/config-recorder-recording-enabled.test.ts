import { describe, expect, it } from '@jest/globals';
import { schema, type DeliveryChannel, type Recorder } from '../collectors/aws-config-recorder/schema.js';
import { rule } from './config-recorder-recording-enabled.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const recorder = (over: Partial<Recorder> = {}): Recorder => ({
  name: 'default',
  roleArn: 'arn:aws:iam::123456789012:role/config',
  allSupported: true,
  includeGlobalResourceTypes: true,
  resourceTypes: [],
  excludedResourceTypes: [],
  recordingStrategy: 'ALL_SUPPORTED_RESOURCE_TYPES',
  recordingFrequency: 'CONTINUOUS',
  recording: true,
  lastStatus: 'SUCCESS',
  ...over,
});
const channel: DeliveryChannel = {
  name: 'default',
  s3BucketName: 'acme-config',
  s3KeyPrefix: null,
  s3KmsKeyArn: null,
  snsTopicArn: null,
  snapshotDeliveryFrequency: 'TwentyFour_Hours',
};
const data = (recorders: Recorder[], deliveryChannels: DeliveryChannel[] = [channel]) =>
  schema.parse({ recorders, deliveryChannels });

describe('config-recorder-recording-enabled', () => {
  it('returns PASS when the recorder records all resources and a channel delivers', () => {
    expect(rule.evaluate(data([recorder()]), ctx)).toEqual({
      status: 'PASS',
      reason: 'recorder default records all resources and delivers them',
      failing: [],
    });
  });

  it('returns FAIL naming the recorder and every gap, and a missing delivery channel', () => {
    const stopped = recorder({
      recording: false,
      lastStatus: 'FAILURE',
      allSupported: false,
      recordingStrategy: 'EXCLUSION_BY_RESOURCE_TYPES',
      excludedResourceTypes: ['AWS::EC2::Instance'],
    });
    const out = rule.evaluate(data([stopped], []), ctx);
    expect(out.status).toBe('FAIL');
    expect(out.failing).toEqual([
      {
        resource: 'default',
        reason:
          'not recording (last status FAILURE); does not record all supported resource types; excludes AWS::EC2::Instance',
      },
      { resource: 'delivery-channel', reason: 'none' },
    ]);
  });

  it('is never NOT_APPLICABLE: empty input (no recorder) fails, since absence is the finding', () => {
    expect(rule.evaluate(data([], []), ctx)).toEqual({
      status: 'FAIL',
      reason: 'no AWS Config recorder in this region',
      failing: [{ resource: 'config-recorder', reason: 'none' }],
    });
  });
  it('does not fail a recorder whose status could not be read (the engine names the failed call)', () => {
    const unread = recorder();
    delete (unread as { recording?: boolean }).recording;
    expect(rule.evaluate(data([unread]), ctx).status).toBe('PASS');
  });
});
