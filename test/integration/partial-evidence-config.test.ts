import { afterEach, describe, expect, it } from '@jest/globals';
import {
  ConfigServiceClient,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { collector as configCompliance } from '../../shared/collectors/aws-config-compliance/collector.js';
import type { ConfigComplianceData } from '../../shared/collectors/aws-config-compliance/schema.js';
import { collector as configRecorder } from '../../shared/collectors/aws-config-recorder/collector.js';
import { startConfigStub, type StubRule } from '../fixtures/aws-config-stub.js';
import { awsTestConfig, motoEndpoint } from '../harness/aws.js';
import { awsJsonError, type ProxiedRequest } from '../harness/fault-proxy.js';
import { faultProxies, jsonHeaders, judgeOne, target } from '../harness/partial-evidence.js';

/** Fault injection, one call failing per collector: AWS Config rules' compliance and the configuration recorder. */
const proxy = faultProxies();
const denied = { status: 400, body: awsJsonError('AccessDeniedException', 'no'), headers: jsonHeaders };
const op = (req: ProxiedRequest, name: string) => target(req) === `StarlingDoveService.${name}`;

let closeStub: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeStub?.();
  closeStub = undefined;
});

describe('partial evidence: AWS Config', () => {
  it('aws-config-compliance: a failed compliance page keeps the rules and the compliance already read', async () => {
    // moto 5.2.1 lacks DescribeComplianceByConfigRule: the stub serves both listings in the real JSON shape,
    // one rule per page, and denies the second compliance page.
    const judge = async (rules: StubRule[]) => {
      const stub = await startConfigStub(motoEndpoint(), {
        rules,
        pageSize: 1,
        fault: (operation, page) =>
          operation === 'DescribeComplianceByConfigRule' && page === 1 ? denied : undefined,
      });
      closeStub = stub.close;
      const out = await judgeOne(configCompliance, 'config-rule-compliant', 'us-east-1', {
        ...awsTestConfig(),
        endpoint: stub.endpoint,
      });
      await stub.close();
      closeStub = undefined;
      return out;
    };
    const failing = await judge([
      { name: 'pe-versioning', owner: 'AWS', compliance: { type: 'NON_COMPLIANT', nonCompliant: 2 } },
      { name: 'pe-tls-only', owner: 'AWS', compliance: { type: 'COMPLIANT' } },
    ]);
    expect(failing.envelope.errors).toEqual([
      expect.objectContaining({
        code: 'AccessDenied',
        resource: 'config-rules',
        operation: 'DescribeComplianceByConfigRule',
      }),
    ]);
    const rules = (failing.envelope.data as ConfigComplianceData).rules;
    expect(rules.map((r) => [r.name, r.complianceType])).toEqual([
      ['pe-tls-only', undefined],
      ['pe-versioning', 'NON_COMPLIANT'],
    ]);
    expect(failing.result.status).toBe('FAIL');
    expect(failing.result.failing).toEqual([
      expect.objectContaining({ reason: 'pe-versioning: 2 non-compliant resources' }),
    ]);

    const unsure = await judge([
      { name: 'pe-tls-only', owner: 'AWS', compliance: { type: 'COMPLIANT' } },
      { name: 'pe-versioning', owner: 'AWS', compliance: { type: 'NON_COMPLIANT', nonCompliant: 2 } },
    ]);
    expect(unsure.result.status).toBe('UNKNOWN');
    expect(unsure.result.reason).toContain(
      'could not see config-rules (DescribeComplianceByConfigRule: access was denied)',
    );
  });

  it('aws-config-recorder: an unreadable recorder status is named, an unreadable delivery status changes nothing', async () => {
    await new S3Client(awsTestConfig()).send(new CreateBucketCommand({ Bucket: 'pe-config-history' }));
    const seed = async (region: string, allSupported: boolean) => {
      const config = new ConfigServiceClient(awsTestConfig(region));
      await config.send(
        new PutConfigurationRecorderCommand({
          ConfigurationRecorder: {
            name: 'default',
            roleARN: 'arn:aws:iam::123456789012:role/config-recorder',
            recordingGroup: allSupported
              ? { allSupported: true, includeGlobalResourceTypes: true }
              : { allSupported: false, resourceTypes: ['AWS::S3::Bucket'] },
          },
        }),
      );
      await config.send(
        new PutDeliveryChannelCommand({
          DeliveryChannel: { name: 'default', s3BucketName: 'pe-config-history' },
        }),
      );
      await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    };
    await seed('us-east-2', true);
    await seed('us-west-1', false);
    // moto 5.2.1 lacks DescribeDeliveryChannelStatus: answered here in the real JSON shape unless denied.
    const channelStatus = JSON.stringify({
      DeliveryChannelsStatus: [{ name: 'default', configSnapshotDeliveryInfo: { lastStatus: 'Success' } }],
    });
    const deny = (name: string) => (req: ProxiedRequest) =>
      op(req, name)
        ? denied
        : op(req, 'DescribeDeliveryChannelStatus')
          ? { status: 200, body: channelStatus, headers: jsonHeaders }
          : undefined;
    const rule = 'config-recorder-recording-enabled';

    const delivery = await judgeOne(
      configRecorder,
      rule,
      'us-east-2',
      await proxy(deny('DescribeDeliveryChannelStatus'), 'us-east-2'),
    );
    expect(delivery.envelope.errors).toEqual([
      expect.objectContaining({
        resource: 'config-delivery-channels/us-east-2',
        operation: 'DescribeDeliveryChannelStatus',
      }),
    ]);
    expect(delivery.result.status).toBe('PASS');
    expect(delivery.result.reason).not.toContain('could not see');

    const status = 'DescribeConfigurationRecorderStatus';
    const unsure = await judgeOne(configRecorder, rule, 'us-east-2', await proxy(deny(status), 'us-east-2'));
    expect(unsure.envelope.errors).toEqual([
      expect.objectContaining({ resource: 'config-recorders/us-east-2', operation: status }),
    ]);
    expect(unsure.result.status).toBe('UNKNOWN');
    expect(unsure.result.reason).toContain(
      `could not see config-recorders/us-east-2 (${status}: access was denied)`,
    );

    // The recorder's own settings were read: a recorder that leaves resource types out still fails.
    const failing = await judgeOne(configRecorder, rule, 'us-west-1', await proxy(deny(status), 'us-west-1'));
    expect(failing.result.status).toBe('FAIL');
    expect(failing.result.failing).toEqual([
      {
        resource: expect.stringMatching(/\/default$/),
        reason: 'does not record all supported resource types',
      },
    ]);
    expect(failing.result.reason).toContain('also could not see config-recorders/us-west-1');
  });
});
