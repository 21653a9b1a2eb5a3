import { afterEach, describe, expect, it } from '@jest/globals';
import { EC2Client, EnableEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { startFaultProxy, type ProxiedRequest } from '../../../test/harness/fault-proxy.js';
import { awsTestConfig, motoEndpoint } from '../../../test/harness/aws.js';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector } from './collector.js';

const now = () => new Date('2026-03-01T00:00:00Z');
const scope = (region: string) => ({ account: '123456789012', region });
const action = (req: ProxiedRequest) => new URLSearchParams(req.body).get('Action');
const ec2Error = (code: string) =>
  `<Response><Errors><Error><Code>${code}</Code><Message>${code}</Message></Error></Errors><RequestID>fault</RequestID></Response>`;

// moto 5.2.1 does not implement GetEbsDefaultKmsKeyId: the proxy answers it in EC2's real XML shape
// (`keyId` is what the caller's rule decides) and forwards everything else to moto.
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});
async function connect(keyAnswer: (req: ProxiedRequest) => { status: number; body: string } | undefined) {
  const p = await startFaultProxy(motoEndpoint(), (req) => {
    if (action(req) === 'GetEbsDefaultKmsKeyId') return keyAnswer(req);
    return undefined;
  });
  close = p.close;
  return { ...awsTestConfig(), endpoint: p.endpoint };
}
const keyId = (id: string) => () => ({
  status: 200,
  body: `<GetEbsDefaultKmsKeyIdResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r1</requestId><kmsKeyId>${id}</kmsKeyId></GetEbsDefaultKmsKeyIdResponse>`,
});

describe('aws-ec2-ebs-default-encryption', () => {
  it('reports encryption by default off with the AWS managed key', async () => {
    const connection = await connect(keyId('alias/aws/ebs'));
    const { envelope } = await collectEnvelope(collector, scope('ap-southeast-1'), { connection, now });
    expect(envelope.data).toEqual({ encryptionByDefault: false, defaultKmsKeyId: 'alias/aws/ebs' });
    expect(envelope.errors).toEqual([]);
    expect(envelope.provenance.operations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ service: 'EC2', operation: 'GetEbsEncryptionByDefault', pages: 1 }),
        expect.objectContaining({ service: 'EC2', operation: 'GetEbsDefaultKmsKeyId', pages: 1 }),
      ]),
    );
  });

  it('reports encryption by default on with a customer managed key', async () => {
    const region = 'ap-southeast-2';
    await new EC2Client(awsTestConfig(region)).send(new EnableEbsEncryptionByDefaultCommand({}));
    const arn = `arn:aws:kms:${region}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const connection = await connect(keyId(arn));
    const { envelope } = await collectEnvelope(collector, scope(region), { connection, now });
    expect(envelope.data).toEqual({ encryptionByDefault: true, defaultKmsKeyId: arn });
    expect(envelope.provenance.complete).toBe(true);
  });

  it('records AccessDenied on the default key and still reports the switch', async () => {
    const connection = await connect(() => ({ status: 403, body: ec2Error('UnauthorizedOperation') }));
    const { envelope } = await collectEnvelope(collector, scope('ap-southeast-2'), { connection, now });
    expect(envelope.data).toEqual({ encryptionByDefault: true, defaultKmsKeyId: null });
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'AccessDenied',
        resource: 'ebs-default-kms-key',
        operation: 'GetEbsDefaultKmsKeyId',
      }),
    ]);
    expect(envelope.provenance.complete).toBe(false);
  });

  it('records an operation the endpoint does not implement as an error, not a null key', async () => {
    // Straight to moto, which does not implement GetEbsDefaultKmsKeyId.
    const { envelope } = await collectEnvelope(collector, scope('ap-southeast-1'), {
      connection: awsTestConfig(),
      now,
    });
    expect(envelope.data).toEqual({ encryptionByDefault: false, defaultKmsKeyId: null });
    expect(envelope.errors).toEqual([expect.objectContaining({ operation: 'GetEbsDefaultKmsKeyId' })]);
    expect(envelope.provenance.complete).toBe(false);
  });

  it('turns a malformed or truncated answer into an error', async () => {
    let body =
      '<GetEbsEncryptionByDefaultResponse><requestId>r</requestId></GetEbsEncryptionByDefaultResponse>';
    const p = await startFaultProxy(motoEndpoint(), (req) =>
      action(req) === 'GetEbsEncryptionByDefault' ? { status: 200, body } : keyId('alias/aws/ebs')(),
    );
    close = p.close;
    const connection = { ...awsTestConfig(), endpoint: p.endpoint };
    const missing = await collectEnvelope(collector, scope('ap-southeast-1'), { connection, now });
    expect(missing.envelope.data).toBeNull();
    expect(missing.envelope.errors).toEqual([expect.objectContaining({ code: 'InvalidSourceData' })]);
    body = '<GetEbsEncryptionByDefaultResponse><ebsEncryptionByDef';
    const cut = await collectEnvelope(collector, scope('ap-southeast-1'), { connection, now });
    expect(cut.envelope.data).toBeNull();
    expect(cut.envelope.errors).toEqual([expect.objectContaining({ operation: 'collect' })]);
  });
});
