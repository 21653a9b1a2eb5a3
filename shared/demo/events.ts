import {
  DeletePublicAccessBlockCommand,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
  DeleteBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DisableKeyRotationCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import { createClientPool } from '../../test/fixtures/demo-company/clients.js';
import type { DemoCompanyFacts } from '../../test/fixtures/demo-company/index.js';

/** A change the demo applies to the emulator between two simulated days. */
export interface DemoEvent {
  readonly day: number;
  readonly kind: 'drift' | 'recovery';
  readonly description: string;
  /** Collectors whose source the change touches (re-collected that day). */
  readonly collectors: readonly string[];
  apply(endpoint: string): Promise<void>;
}

/** The bucket the demo makes public and fixes again: the prod account's app-data bucket (good posture at seeding). */
export function driftBucket(facts: DemoCompanyFacts): { name: string; account: string } {
  const b =
    facts.s3.buckets.find((x) => x.account === facts.accounts.prod.id && x.posture === 'private-encrypted') ??
    facts.s3.buckets.find((x) => x.posture === 'private-encrypted')!;
  return { name: b.name, account: b.account };
}

/**
 * The events of the demo's history. Before the window (baseline day -1) the unrotated `acme-legacy` key gets
 * rotation, so CRY-03 starts the window passing. On `driftDay` rotation is switched off on the other key and a
 * private bucket is made public (Block Public Access removed, public-read policy); on `recoveryDay` both are undone:
 * CRY-03 drifts to FAIL and recovers, and the bucket shows among DAT-01's failing resources in between.
 */
export function demoEvents(facts: DemoCompanyFacts, driftDay: number, recoveryDay: number): DemoEvent[] {
  const { name, account } = driftBucket(facts);
  const legacy = facts.kms.keys.find((k) => !k.rotation)!;
  const rotated = facts.kms.keys.find((k) => k.rotation && k.account === legacy.account)!;
  const pool = (endpoint: string) => createClientPool({ endpoint });
  const kms = (endpoint: string, key: { account: string; region: string }) =>
    pool(endpoint).forAccount(key.account)(KMSClient, key.region);
  const s3 = (endpoint: string) => pool(endpoint).forAccount(account)(S3Client);
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'PublicRead',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${name}/*`,
      },
    ],
  });
  const run = async <C extends { destroy(): void }>(c: C, fn: (c: C) => Promise<unknown>) => {
    try {
      await fn(c);
    } finally {
      c.destroy();
    }
  };
  return [
    {
      day: -1,
      kind: 'recovery',
      description: `before the window: rotation enabled on KMS key ${legacy.alias} (account ${legacy.account})`,
      collectors: ['aws-kms-keys'],
      apply: (endpoint) =>
        run(kms(endpoint, legacy), (c) => c.send(new EnableKeyRotationCommand({ KeyId: legacy.keyId }))),
    },
    {
      day: driftDay,
      kind: 'drift',
      description: `rotation switched off on KMS key ${rotated.alias}; bucket ${name} (account ${account}) made public`,
      collectors: ['aws-kms-keys', 'aws-s3-buckets'],
      async apply(endpoint) {
        await run(kms(endpoint, rotated), (c) =>
          c.send(new DisableKeyRotationCommand({ KeyId: rotated.keyId })),
        );
        await run(s3(endpoint), async (c) => {
          await c.send(new DeletePublicAccessBlockCommand({ Bucket: name }));
          await c.send(new PutBucketPolicyCommand({ Bucket: name, Policy: policy }));
        });
      },
    },
    {
      day: recoveryDay,
      kind: 'recovery',
      description: `rotation re-enabled on KMS key ${rotated.alias}; bucket ${name} private again`,
      collectors: ['aws-kms-keys', 'aws-s3-buckets'],
      async apply(endpoint) {
        await run(kms(endpoint, rotated), (c) =>
          c.send(new EnableKeyRotationCommand({ KeyId: rotated.keyId })),
        );
        const on = {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        };
        await run(s3(endpoint), async (c) => {
          await c.send(new DeleteBucketPolicyCommand({ Bucket: name }));
          await c.send(new PutPublicAccessBlockCommand({ Bucket: name, PublicAccessBlockConfiguration: on }));
        });
      },
    },
  ];
}
