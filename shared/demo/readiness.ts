import { CreateBackupPlanCommand, BackupClient, CreateBackupVaultCommand } from '@aws-sdk/client-backup';
import {
  CloudTrailClient,
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import { EC2Client, EnableEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { IAMClient, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { identities, network } from './readiness-access.js';
import { createClientPool, type ClientFor } from './company/clients.js';
import type { DemoCompanyFacts } from './company/index.js';
import { seedGuardDuty, seedSecurityHub } from './company/detection.js';
import { seedConfigRecorder } from './company/logging.js';

/** The one region Acme runs in (the demo's configuration scopes collection to it). */
export const DEMO_REGION = 'us-east-1';

const PAB = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

/** A bucket policy that only denies requests without TLS. */
function tlsOnlyPolicy(bucket: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
}

/** The access-log bucket's policy: S3 log delivery may write under the bucket, nothing without TLS. */
function accessLogPolicy(bucket: string, account: string): string {
  const tls = JSON.parse(tlsOnlyPolicy(bucket)) as { Statement: Record<string, unknown>[] };
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      // { AWS: '*' } rather than '*' (the same principals): moto's logging permission check crashes on a string.
      ...tls.Statement.map((st) => ({ ...st, Principal: { AWS: '*' } })),
      {
        Sid: 'S3ServerAccessLogsPolicy',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucket}/*`,
        Condition: { StringEquals: { 'aws:SourceAccount': account } },
      },
    ],
  });
}

/** Name of the server-access-log bucket the readiness project adds to an account. */
const accessLogBucket = (account: string, region = DEMO_REGION) =>
  region === DEMO_REGION ? `acme-access-logs-${account}` : `acme-access-logs-${account}-${region}`;

/** Creates an access-log bucket (private, encrypted, log delivery allowed) in the source buckets' region. */
async function createLogBucket(
  s3: S3Client,
  account: string,
  region: string,
  logs = accessLogBucket(account, region),
): Promise<string> {
  await s3.send(
    new CreateBucketCommand({
      Bucket: logs,
      ...(region === 'us-east-1'
        ? {}
        : { CreateBucketConfiguration: { LocationConstraint: region as 'eu-west-1' } }),
    }),
  );
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: logs, PublicAccessBlockConfiguration: PAB }));
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: logs,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    }),
  );
  await s3.send(new PutBucketPolicyCommand({ Bucket: logs, Policy: accessLogPolicy(logs, account) }));
  return logs;
}

/**
 * Acme's SOC 2 readiness project, done before the review window: the demo company is seeded with the findings of a
 * first assessment (the test fixture every rule test relies on), and this fixes them in the emulator the way an
 * operator would, with the same API calls. What stays is what the demo's stories change during the window.
 */
export async function applyReadiness(endpoint: string, facts: DemoCompanyFacts): Promise<string[]> {
  const pool = createClientPool({ endpoint });
  const done: string[] = [];
  try {
    await Promise.all(
      Object.values(facts.accounts).map(async ({ id: account }) => {
        const client = pool.forAccount(account);
        await step(`account ${account} baseline`, () => accountBaseline(client, account, facts));
        await step(`account ${account} buckets`, () => buckets(client, account, facts));
      }),
    );
    const mgmt = pool.forAccount(facts.accounts.management.id);
    await step('identities', () => identities(mgmt, facts));
    await step('network', () => network(mgmt, facts));
    done.push(
      'password policy 14 characters, 24 remembered, in every account',
      'multi-region CloudTrail with log file validation and KMS in every account',
      'AWS Config, GuardDuty, Security Hub and AWS Backup (35 days) in every account',
      'every bucket: Block Public Access, default encryption, TLS-only policy, access logging',
      'administrator policies removed, policies through groups only, MFA for every console user, leaver removed',
      'world-open SSH and RDP rules revoked; the public unencrypted reporting database decommissioned',
    );
  } finally {
    pool.destroy();
  }
  return done;
}

/** Runs one part of the readiness work, naming it in the error when the emulator refuses a call. */
async function step(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    throw new Error(`demo readiness (${name}): ${(e as Error).message}`, { cause: e });
  }
}

async function accountBaseline(client: ClientFor, account: string, facts: DemoCompanyFacts): Promise<void> {
  const R = DEMO_REGION;
  await client(IAMClient).send(
    new UpdateAccountPasswordPolicyCommand({
      MinimumPasswordLength: 14,
      PasswordReusePrevention: 24,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      MaxPasswordAge: 90,
      AllowUsersToChangePassword: true,
    }),
  );
  const s3 = client(S3Client);
  const logs = await createLogBucket(s3, account, DEMO_REGION);
  // CloudTrail and Config deliver into their own bucket, whose access is logged like every other bucket's.
  const trailBucket = await createLogBucket(s3, account, DEMO_REGION, `acme-trail-${account}`);
  await s3.send(
    new PutBucketLoggingCommand({
      Bucket: trailBucket,
      BucketLoggingStatus: { LoggingEnabled: { TargetBucket: logs, TargetPrefix: `${trailBucket}/` } },
    }),
  );
  if (!(facts.config.account === account && facts.config.region === R))
    await seedConfigRecorder(client, account, R, trailBucket);
  if (!facts.guardDuty.detectors.some((d) => d.account === account && d.region === R))
    await seedGuardDuty(client, account, R);
  if (!facts.securityHub.enabled.some((h) => h.account === account && h.region === R))
    await seedSecurityHub(client, account, R);
  const backup = client(BackupClient, R);
  await backup.send(new CreateBackupVaultCommand({ BackupVaultName: 'acme-vault' }));
  await backup.send(
    new CreateBackupPlanCommand({
      BackupPlan: {
        BackupPlanName: 'acme-daily-35d',
        Rules: [
          {
            RuleName: 'daily',
            TargetBackupVaultName: 'acme-vault',
            ScheduleExpression: 'cron(0 3 * * ? *)',
            Lifecycle: { DeleteAfterDays: 35 },
          },
        ],
      },
    }),
  );
  await client(EC2Client, R).send(new EnableEbsEncryptionByDefaultCommand({}));
  for (const k of facts.kms.keys.filter((x) => x.account === account && !x.rotation))
    await client(KMSClient, k.region).send(new EnableKeyRotationCommand({ KeyId: k.keyId }));
  // One multi-region trail per account, validated and KMS-encrypted, recording management events.
  const ct = client(CloudTrailClient, R);
  const existing = facts.cloudTrail.trails.find((t) => t.account === account);
  const keyId =
    existing?.kmsKeyId ??
    facts.kms.keys.find((k) => k.account === account && k.region === R)?.arn ??
    (await trailKey(client(KMSClient, R)));
  const name = existing?.name ?? `acme-${account}-trail`;
  const settings = {
    Name: name,
    IsMultiRegionTrail: true,
    IncludeGlobalServiceEvents: true,
    EnableLogFileValidation: true,
    KmsKeyId: keyId,
  };
  if (existing) await ct.send(new UpdateTrailCommand(settings));
  else await ct.send(new CreateTrailCommand({ ...settings, S3BucketName: trailBucket }));
  await ct.send(new StartLoggingCommand({ Name: name }));
  await ct.send(
    new PutEventSelectorsCommand({
      TrailName: name,
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }],
    }),
  );
}

/** A customer-managed key for CloudTrail, rotated yearly (KeyUsage set at creation: moto omits it otherwise). */
async function trailKey(kms: KMSClient): Promise<string> {
  const key = await kms.send(
    new CreateKeyCommand({
      Description: 'CloudTrail logs',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeySpec: 'SYMMETRIC_DEFAULT',
    }),
  );
  await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyMetadata!.KeyId! }));
  return key.KeyMetadata!.Arn!;
}

async function buckets(client: ClientFor, account: string, facts: DemoCompanyFacts): Promise<void> {
  const s3 = client(S3Client);
  const logTargets = new Map<string, string>([[DEMO_REGION, accessLogBucket(account)]]);
  for (const b of facts.s3.buckets.filter((x) => x.account === account)) {
    if (!logTargets.has(b.region)) logTargets.set(b.region, await createLogBucket(s3, account, b.region));
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: b.name, PublicAccessBlockConfiguration: PAB }));
    if (!b.defaultEncryption)
      await s3.send(
        new PutBucketEncryptionCommand({
          Bucket: b.name,
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
          },
        }),
      );
    // Replaces the public-read policy too: the public assets are served through a CDN, not from the bucket.
    if (b.policy !== 'tls-only')
      await s3.send(new PutBucketPolicyCommand({ Bucket: b.name, Policy: tlsOnlyPolicy(b.name) }));
    await s3.send(
      new PutBucketLoggingCommand({
        Bucket: b.name,
        BucketLoggingStatus: {
          LoggingEnabled: { TargetBucket: logTargets.get(b.region)!, TargetPrefix: `${b.name}/` },
        },
      }),
    );
  }
}
