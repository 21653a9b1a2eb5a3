import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  paginateListKeys,
  type KeyMetadata,
} from '@aws-sdk/client-kms';
import { defineCollector, requestedPageSize, type CollectorContext } from '../../kernel/types.js';
import { meta } from './meta.js';
import { schema, type KmsKey, type KmsKeysData } from './schema.js';

/**
 * Lists every KMS key in the region, describes each one and, for customer managed symmetric
 * encryption keys, reads whether automatic rotation is on. `ctx.extras.pageSize` (tests) sets ListKeys' Limit.
 */
export const collector = defineCollector<KmsKeysData>({
  meta,
  schema,
  async collect(ctx) {
    const kms = ctx.aws(KMSClient);
    const pageSize = requestedPageSize(ctx);
    const ids: string[] = [];
    for await (const page of paginateListKeys({ client: kms, pageSize }, {})) {
      // A listed key without an id is malformed source data: keep it so the schema rejects the run.
      for (const k of page.Keys ?? []) ids.push(k.KeyId as string);
    }

    const keys: KmsKey[] = [];
    let awsManagedKeyCount = 0;
    for (const keyId of ids) {
      const described = await ctx.tryResource(keyId, 'DescribeKey', () =>
        kms.send(new DescribeKeyCommand({ KeyId: keyId })),
      );
      const m = described?.KeyMetadata;
      if (!described) continue;
      if (m?.KeyManager === 'AWS') {
        awsManagedKeyCount += 1;
        continue;
      }
      keys.push(await toKey(keyId, m, kms, (r, op, fn) => ctx.tryResource(r, op, fn)));
    }
    return { data: { keys, awsManagedKeyCount, listedKeyCount: ids.length } };
  },
});

async function toKey(
  keyId: string,
  m: KeyMetadata | undefined,
  kms: KMSClient,
  tryResource: CollectorContext['tryResource'],
): Promise<KmsKey> {
  const keySpec = (m?.KeySpec ?? m?.CustomerMasterKeySpec) as string;
  // SYMMETRIC_DEFAULT keys can only be ENCRYPT_DECRYPT, so an omitted KeyUsage does not hide eligibility.
  const rotationEligible =
    keySpec === 'SYMMETRIC_DEFAULT' &&
    (m?.KeyUsage ?? 'ENCRYPT_DECRYPT') === 'ENCRYPT_DECRYPT' &&
    m?.Origin === 'AWS_KMS';
  let rotationEnabled: boolean | null = null;
  let rotationPeriodDays: number | null = null;
  if (rotationEligible && m?.KeyState !== 'PendingDeletion') {
    const r = await tryResource(keyId, 'GetKeyRotationStatus', () =>
      kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId })),
    );
    if (r) {
      rotationEnabled = r.KeyRotationEnabled ?? false;
      rotationPeriodDays = r.RotationPeriodInDays ?? null;
    }
  }
  // Missing required fields stay undefined so the schema turns them into InvalidSourceData.
  return {
    keyId: m?.KeyId as string,
    arn: m?.Arn as string,
    keyState: m?.KeyState as string,
    enabled: m?.Enabled as boolean,
    keySpec,
    keyUsage: m?.KeyUsage ?? null,
    origin: m?.Origin as string,
    multiRegion: m?.MultiRegion ?? false,
    creationDate: m?.CreationDate ? m.CreationDate.toISOString() : null,
    rotationEligible,
    rotationEnabled,
    rotationPeriodDays,
  };
}
