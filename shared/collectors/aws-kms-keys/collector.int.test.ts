import { beforeAll, describe, expect, it } from '@jest/globals';
import { CreateKeyCommand, EnableKeyRotationCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { awsJsonError, type ProxiedRequest, faultProxyPerTest } from '../../../test/harness/fault-proxy.js';
import { awsTestConfig } from '../../../test/harness/aws.js';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector } from './collector.js';
import type { KmsKeysData } from './schema.js';

const now = () => new Date('2026-03-01T00:00:00Z');
const json = { 'content-type': 'application/x-amz-json-1.1' };
const target = (req: ProxiedRequest) => String(req.headers['x-amz-target'] ?? '');
const keyIdOf = (req: ProxiedRequest) => (JSON.parse(req.body || '{}') as { KeyId?: string }).KeyId;

const proxy = faultProxyPerTest();

// moto omits KeyUsage from DescribeKey unless CreateKey was given one (AWS always returns it), so seeds pass it.
async function seedKeys(region: string) {
  const kms = new KMSClient(awsTestConfig(region));
  const rotated = (
    await kms.send(new CreateKeyCommand({ Description: 'rotated', KeyUsage: 'ENCRYPT_DECRYPT' }))
  ).KeyMetadata!.KeyId!;
  await kms.send(new EnableKeyRotationCommand({ KeyId: rotated }));
  const unrotated = (
    await kms.send(new CreateKeyCommand({ Description: 'not rotated', KeyUsage: 'ENCRYPT_DECRYPT' }))
  ).KeyMetadata!.KeyId!;
  const signing = (
    await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))
  ).KeyMetadata!.KeyId!;
  return { rotated, unrotated, signing };
}

describe('aws-kms-keys', () => {
  const region = 'eu-west-1';
  const scope = { account: '123456789012', region };
  let ids: Awaited<ReturnType<typeof seedKeys>>;
  beforeAll(async () => {
    ids = await seedKeys(region);
  });

  it('reports rotation on, rotation off and a key that cannot rotate', async () => {
    const { envelope } = await collectEnvelope(collector, scope, { connection: awsTestConfig(), now });
    const data = envelope.data as KmsKeysData;
    expect(envelope.errors).toEqual([]);
    expect(envelope.provenance.complete).toBe(true);
    expect(data.listedKeyCount).toBe(3);
    expect(data.awsManagedKeyCount).toBe(0);
    const byId = new Map(data.keys.map((k) => [k.keyId, k]));
    expect(byId.get(ids.rotated)).toMatchObject({
      rotationEligible: true,
      rotationEnabled: true,
      keyState: 'Enabled',
      keyUsage: 'ENCRYPT_DECRYPT',
      origin: 'AWS_KMS',
      multiRegion: false,
    });
    expect(byId.get(ids.unrotated)).toMatchObject({ rotationEligible: true, rotationEnabled: false });
    expect(byId.get(ids.signing)).toMatchObject({
      rotationEligible: false,
      rotationEnabled: null,
      keySpec: 'ECC_NIST_P256',
      keyUsage: 'SIGN_VERIFY',
    });
    const ops = envelope.provenance.operations;
    expect(ops).toContainEqual(
      expect.objectContaining({ service: 'KMS', operation: 'ListKeys', pages: 1, items: 3 }),
    );
    // GetKeyRotationStatus only for the two symmetric keys.
    expect(ops.filter((o) => o.operation === 'GetKeyRotationStatus')).toHaveLength(2);
    expect(ops.filter((o) => o.operation === 'DescribeKey')).toHaveLength(3);
  });

  it('follows ListKeys pages and counts AWS managed keys without listing them', async () => {
    // moto returns every key in one page whatever the Limit, so the proxy serves ListKeys in pages of
    // `Limit` (built from moto's real keys) and answers DescribeKey for one of them as an AWS managed key.
    const pagedRegion = 'eu-west-2';
    const kms = new KMSClient(awsTestConfig(pagedRegion));
    for (let i = 0; i < 5; i++)
      await kms.send(new CreateKeyCommand({ Description: `k${i}`, KeyUsage: 'ENCRYPT_DECRYPT' }));
    const all = (await kms.send(new ListKeysCommand({}))).Keys!;
    const awsManaged = all[4]!.KeyId!;
    const limits: number[] = [];
    const connection = await proxy((req) => {
      if (target(req) === 'TrentService.ListKeys') {
        const body = JSON.parse(req.body) as { Limit: number; Marker?: string };
        limits.push(body.Limit);
        const start = Number(body.Marker ?? '0');
        const end = start + body.Limit;
        const more = end < all.length;
        const page = {
          Keys: all.slice(start, end),
          Truncated: more,
          ...(more ? { NextMarker: String(end) } : {}),
        };
        return { status: 200, body: JSON.stringify(page), headers: json };
      }
      if (target(req) === 'TrentService.DescribeKey' && keyIdOf(req) === awsManaged) {
        const KeyMetadata = {
          KeyId: awsManaged,
          Arn: `arn:aws:kms:${pagedRegion}:123456789012:key/${awsManaged}`,
          KeyManager: 'AWS',
          KeyState: 'Enabled',
          Enabled: true,
          KeySpec: 'SYMMETRIC_DEFAULT',
          KeyUsage: 'ENCRYPT_DECRYPT',
          Origin: 'AWS_KMS',
        };
        return { status: 200, body: JSON.stringify({ KeyMetadata }), headers: json };
      }
      return undefined;
    });
    const { envelope } = await collectEnvelope(
      collector,
      { account: '123456789012', region: pagedRegion },
      { connection, now, extras: { pageSize: 2 } },
    );
    const data = envelope.data as KmsKeysData;
    expect(envelope.errors).toEqual([]);
    expect(limits).toEqual([2, 2, 2]);
    expect(data.listedKeyCount).toBe(5);
    expect(data.awsManagedKeyCount).toBe(1);
    expect(data.keys.map((k) => k.keyId).sort()).toEqual(
      all
        .slice(0, 4)
        .map((k) => k.KeyId)
        .sort(),
    );
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({ operation: 'ListKeys', params: { Limit: 2 }, pages: 3, items: 5 }),
    );
  });

  it('records AccessDenied on one key and still collects the others', async () => {
    const connection = await proxy((req) =>
      target(req) === 'TrentService.GetKeyRotationStatus' && keyIdOf(req) === ids.unrotated
        ? { status: 400, body: awsJsonError('AccessDeniedException', 'not allowed'), headers: json }
        : target(req) === 'TrentService.DescribeKey' && keyIdOf(req) === ids.signing
          ? { status: 400, body: awsJsonError('AccessDeniedException', 'not allowed'), headers: json }
          : undefined,
    );
    const { envelope } = await collectEnvelope(collector, scope, { connection, now });
    const data = envelope.data as KmsKeysData;
    expect(envelope.provenance.complete).toBe(false);
    expect(envelope.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'AccessDenied',
          resource: ids.unrotated,
          operation: 'GetKeyRotationStatus',
        }),
        expect.objectContaining({ code: 'AccessDenied', resource: ids.signing, operation: 'DescribeKey' }),
      ]),
    );
    expect(envelope.errors).toHaveLength(2);
    const byId = new Map(data.keys.map((k) => [k.keyId, k]));
    expect(byId.get(ids.rotated)).toMatchObject({ rotationEnabled: true });
    expect(byId.get(ids.unrotated)).toMatchObject({ rotationEligible: true, rotationEnabled: null });
    expect(byId.has(ids.signing)).toBe(false);
  });

  it('records a truncated ListKeys page as an error, never as an empty key list', async () => {
    const connection = await proxy((req) =>
      target(req) === 'TrentService.ListKeys'
        ? { status: 200, body: '{"Keys":[{"KeyId":"abc', headers: json }
        : undefined,
    );
    const { envelope } = await collectEnvelope(collector, scope, { connection, now });
    expect(envelope.data).toBeNull();
    expect(envelope.provenance.complete).toBe(false);
    expect(envelope.errors).toHaveLength(1);
    expect(envelope.errors[0]).toMatchObject({ operation: 'collect' });
  });

  it('turns a DescribeKey answer without required fields into InvalidSourceData', async () => {
    const connection = await proxy((req) =>
      target(req) === 'TrentService.DescribeKey' && keyIdOf(req) === ids.rotated
        ? {
            status: 200,
            body: JSON.stringify({ KeyMetadata: { KeyId: ids.rotated, KeyManager: 'CUSTOMER' } }),
            headers: json,
          }
        : undefined,
    );
    const { envelope } = await collectEnvelope(collector, scope, { connection, now });
    expect(envelope.data).toBeNull();
    expect(envelope.errors).toEqual([expect.objectContaining({ code: 'InvalidSourceData' })]);
  });
});
