import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { CollectorContext } from '../../kernel/types.js';
import { nullIfNotConfigured } from './not-configured.js';
import { readPolicyDocument } from './policy.js';
import type { Bucket } from './schema.js';

/** A bucket as listed by ListBuckets. */
export interface ListedBucket {
  readonly name: string;
  readonly createdAt: string | null;
  /** ListBuckets returns BucketRegion on current AWS; when absent, GetBucketLocation is asked. */
  readonly region?: string;
}

/** GetBucketLocation's LocationConstraint to a region name (empty = us-east-1, legacy "EU" = eu-west-1). */
function locationToRegion(constraint: string | undefined | null): string {
  if (!constraint) return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

/** Collects one bucket's facts; each call goes through ctx.tryResource so one failure spares the rest. */
export async function bucketFacts(ctx: CollectorContext, listed: ListedBucket): Promise<Bucket> {
  const Bucket = listed.name;
  const res = `s3://${Bucket}`;
  const region =
    listed.region ??
    (await ctx.tryResource(res, 'GetBucketLocation', async () => {
      const out = await ctx.aws(S3Client).send(new GetBucketLocationCommand({ Bucket }));
      return locationToRegion(out.LocationConstraint);
    }));
  // Unknown region: ask through the scope's default client rather than lose every other fact.
  const s3 = ctx.aws(S3Client, region);
  const [encryption, publicAccessBlock, policy, versioning, objectLock, logging] = await Promise.all([
    ctx.tryResource(res, 'GetBucketEncryption', async () => {
      const out = await nullIfNotConfigured(['ServerSideEncryptionConfigurationNotFoundError'], () =>
        s3.send(new GetBucketEncryptionCommand({ Bucket })),
      );
      const rule = out?.ServerSideEncryptionConfiguration?.Rules?.[0];
      const def = rule?.ApplyServerSideEncryptionByDefault;
      if (!def?.SSEAlgorithm) return null;
      return {
        algorithm: def.SSEAlgorithm,
        kmsKeyId: def.KMSMasterKeyID ?? null,
        bucketKeyEnabled: rule?.BucketKeyEnabled ?? false,
      };
    }),
    ctx.tryResource(res, 'GetPublicAccessBlock', async () => {
      const out = await nullIfNotConfigured(['NoSuchPublicAccessBlockConfiguration'], () =>
        s3.send(new GetPublicAccessBlockCommand({ Bucket })),
      );
      const c = out?.PublicAccessBlockConfiguration;
      if (!c) return null;
      return {
        blockPublicAcls: c.BlockPublicAcls ?? false,
        ignorePublicAcls: c.IgnorePublicAcls ?? false,
        blockPublicPolicy: c.BlockPublicPolicy ?? false,
        restrictPublicBuckets: c.RestrictPublicBuckets ?? false,
      };
    }),
    policyFacts(ctx, s3, Bucket, res),
    ctx.tryResource(res, 'GetBucketVersioning', async () => {
      const out = await s3.send(new GetBucketVersioningCommand({ Bucket }));
      return {
        status: out.Status ?? 'Disabled',
        mfaDelete: out.MFADelete ?? null,
      } as const;
    }),
    ctx.tryResource(res, 'GetObjectLockConfiguration', async () => {
      const out = await nullIfNotConfigured(['ObjectLockConfigurationNotFoundError'], () =>
        s3.send(new GetObjectLockConfigurationCommand({ Bucket })),
      );
      const c = out?.ObjectLockConfiguration;
      if (!c) return null;
      const d = c.Rule?.DefaultRetention;
      return {
        enabled: c.ObjectLockEnabled === 'Enabled',
        defaultMode: d?.Mode ?? null,
        // AWS sets exactly one of Days / Years (each at least 1); some sources send 0 for the other.
        defaultDays: d?.Days || null,
        defaultYears: d?.Years || null,
      };
    }),
    ctx.tryResource(res, 'GetBucketLogging', async () => {
      const out = await s3.send(new GetBucketLoggingCommand({ Bucket }));
      const l = out.LoggingEnabled;
      return l?.TargetBucket ? { targetBucket: l.TargetBucket, targetPrefix: l.TargetPrefix ?? '' } : null;
    }),
  ]);
  return omitUndefined({
    name: Bucket,
    region,
    createdAt: listed.createdAt,
    encryption,
    publicAccessBlock,
    policy,
    versioning,
    objectLock,
    logging,
  });
}

/**
 * Policy facts: S3's own IsPublic when GetBucketPolicyStatus gives it (the emulator does not), otherwise our
 * reading of the document; the TLS-only statement always comes from the document.
 */
async function policyFacts(ctx: CollectorContext, s3: S3Client, Bucket: string, res: string) {
  const status = await ctx.tryResource(res, 'GetBucketPolicyStatus', () =>
    nullIfNotConfigured(['NoSuchBucketPolicy'], () => s3.send(new GetBucketPolicyStatusCommand({ Bucket }))),
  );
  if (status === undefined) return undefined;
  const doc = await ctx.tryResource(res, 'GetBucketPolicy', async () => {
    const out = await nullIfNotConfigured(['NoSuchBucketPolicy'], () =>
      s3.send(new GetBucketPolicyCommand({ Bucket })),
    );
    return out?.Policy ? readPolicyDocument(Bucket, out.Policy) : null;
  });
  if (doc === undefined) return undefined;
  if (doc === null) return null;
  const isPublic = status?.PolicyStatus?.IsPublic;
  return typeof isPublic === 'boolean'
    ? { isPublic, isPublicSource: 'PolicyStatus' as const, tlsOnlyStatement: doc.tlsOnlyStatement }
    : {
        isPublic: doc.allowsAnyoneUnconditionally,
        isPublicSource: 'policy-document' as const,
        tlsOnlyStatement: doc.tlsOnlyStatement,
      };
}

function omitUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
