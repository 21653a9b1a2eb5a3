import { describe, expect, it } from '@jest/globals';
import { EC2Client, EnableEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import { collector as ebs } from '../../shared/collectors/aws-ec2-ebs-default-encryption/collector.js';
import { collector as kmsKeys } from '../../shared/collectors/aws-kms-keys/collector.js';
import { getCollectorMeta } from '../../shared/collectors/meta-registry.js';
import { collectEnvelope, scopeKey } from '../../shared/collectors/runner.js';
import type { Collector } from '../../shared/collectors/types.js';
import { sealEnvelope } from '../../shared/evidence/artifact.js';
import { evaluateControl } from '../../shared/mapping/engine.js';
import { toEvidenceInput } from '../../shared/mapping/evidence-loader.js';
import { rules } from '../../shared/rules/registry.js';
import { awsJsonError, faultProxyPerTest, type ProxiedRequest } from '../harness/fault-proxy.js';
import { awsTestConfig } from '../harness/aws.js';

/**
 * Partial evidence end to end: a real collector runs against moto through the fault proxy with one call failing,
 * and the engine still judges every resource it could see (issue: one failed call must not blind a whole artifact).
 */
const NOW = new Date('2026-03-01T00:00:00Z');
const now = () => NOW;
const ttl = (id: string) => getCollectorMeta(id)?.ttlHours;
const proxy = faultProxyPerTest();
const json = { 'content-type': 'application/x-amz-json-1.1' };
const target = (req: ProxiedRequest) => String(req.headers['x-amz-target'] ?? '');
const keyIdOf = (req: ProxiedRequest) => (JSON.parse(req.body || '{}') as { KeyId?: string }).KeyId;

/** Collects once and judges the one rule `ruleId` alone, so other rules of the control do not mix in. */
async function judgeOne(
  c: Collector,
  ruleId: string,
  region: string,
  connection: ReturnType<typeof awsTestConfig>,
) {
  const { envelope } = await collectEnvelope(c, { account: '123456789012', region }, { connection, now });
  const rule = rules.find((r) => r.id === ruleId)!;
  const input = toEvidenceInput(envelope, sealEnvelope(envelope).sha256, scopeKey(envelope.scope));
  const control = {
    id: rule.controls[0]!,
    collectors: [c.meta.id],
    frequency: 'daily' as const,
    version: '1.0.0',
  };
  return { envelope, result: evaluateControl(control, [rule], [input], NOW, ttl) };
}

describe('partial evidence (fault injection per AWS collector)', () => {
  it('aws-kms-keys: one key whose rotation status fails to read leaves the others judged', async () => {
    const region = 'eu-north-1';
    const kms = new KMSClient(awsTestConfig(region));
    // No KeyUsage on purpose: moto omits it, and a key list must not be rejected for an optional field.
    const rotated = (await kms.send(new CreateKeyCommand({ Description: 'rotated' }))).KeyMetadata!.KeyId!;
    await kms.send(new EnableKeyRotationCommand({ KeyId: rotated }));
    const unrotated = (await kms.send(new CreateKeyCommand({ Description: 'stale' }))).KeyMetadata!.KeyId!;
    const denied = (id: string) => (req: ProxiedRequest) =>
      target(req) === 'TrentService.GetKeyRotationStatus' && keyIdOf(req) === id
        ? { status: 400, body: awsJsonError('AccessDeniedException', 'no'), headers: json }
        : undefined;

    const failing = await judgeOne(kmsKeys, 'kms-key-rotation-enabled', region, await proxy(denied(rotated)));
    expect(failing.envelope.errors).toHaveLength(1);
    expect(failing.result.status).toBe('FAIL');
    expect(failing.result.failing.map((f) => f.resource)).toEqual([expect.stringContaining(unrotated)]);

    const unsure = await judgeOne(
      kmsKeys,
      'kms-key-rotation-enabled',
      region,
      await proxy(denied(unrotated)),
    );
    expect(unsure.result.status).toBe('UNKNOWN');
    expect(unsure.result.reason).toContain(
      `could not see ${unrotated} (GetKeyRotationStatus: access was denied)`,
    );
  });

  it('aws-ec2-ebs-default-encryption: a failed GetEbsDefaultKmsKeyId still judges encryptionByDefault', async () => {
    // Straight to moto, which does not implement GetEbsDefaultKmsKeyId: the informational call fails every time.
    const region = 'eu-south-1';
    await new EC2Client(awsTestConfig(region)).send(new EnableEbsEncryptionByDefaultCommand({}));
    const { envelope, result } = await judgeOne(
      ebs,
      'ec2-ebs-default-encryption-enabled',
      region,
      awsTestConfig(region),
    );
    expect(envelope.errors).toEqual([expect.objectContaining({ operation: 'GetEbsDefaultKmsKeyId' })]);
    expect(envelope.provenance.complete).toBe(false);
    expect(result.status).toBe('PASS');
  });
});
