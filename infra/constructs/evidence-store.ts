import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { FluxConfig } from '../../shared/config/schema.js';
import { ACCESS_LOG_PREFIX } from '../../shared/collectors/snapshot-access-log/meta.js';
import { acknowledge } from '../nag/acknowledge.js';
import { checkovSkip } from '../nag/checkov.js';
import { EVIDENCE_BUCKET_MARK } from '../nag/flux-checks.js';
import { denyGuardedKeyActions } from './key-guard.js';

/**
 * The evidence bucket's name, `flux-evidence-<account>-<region>`: fixed, so roles in the stateless stack name
 * object prefixes without a cross-stack reference (and cdk-nag findings on them are stable).
 */
function evidenceBucketName(scope: Construct): string {
  const s = Stack.of(scope);
  return `flux-evidence-${s.account}-${s.region}`;
}

/**
 * The access-log bucket's name, `flux-evidence-logs-<account>-<region>`: fixed for the same reason (the
 * snapshot-access-log collector of the stateless stack reads it by name).
 */
export function accessLogBucketName(scope: Construct): string {
  const s = Stack.of(scope);
  return `flux-evidence-logs-${s.account}-${s.region}`;
}

/** ARN of the objects under one prefix of the evidence bucket. */
export function evidenceObjectsArn(scope: Construct, prefix: string): string {
  return `arn:${Stack.of(scope).partition}:s3:::${evidenceBucketName(scope)}/${prefix}/*`;
}

/**
 * Prefixes whose objects may only be created (PutObject with If-None-Match), never overwritten: evidence,
 * checkpoints, coverage attestations and schedule run plans, and every statement and manual evidence file (a presigned upload must sign `If-None-Match: *`).
 */
const CREATE_ONLY_PREFIXES = [
  'evidence',
  'observation',
  'coverage',
  'coverage-plan',
  'checkpoints',
  'manual-files',
  'manual',
  'approval',
  'exception',
] as const;

export interface EvidenceStoreProps {
  readonly retention: FluxConfig['retention'];
}

/**
 * The evidence bucket (docs/ARCHITECTURE.md, "Evidence store"): versioned, Object Lock with the configured mode and
 * default retention, SSE-KMS with a rotating customer managed key, Block Public Access, TLS only, and server
 * access logs in a separate bucket. Evidence, checkpoints and snapshots all live here, all locked.
 */
export class EvidenceStore extends Construct {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: EvidenceStoreProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Flux Evidence: evidence bucket and ledger table encryption',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key.addToResourcePolicy(denyGuardedKeyActions(this));
    // The policy denies kms:PutKeyPolicy to the deploying role too; KMS's lockout check would refuse it otherwise.
    (this.key.node.defaultChild as kms.CfnKey).bypassPolicyLockoutSafetyCheck = true;
    // Access-log delivery supports SSE-S3 only on the target bucket. Object Lock is on, so no log version can be
    // removed once locked; server access log delivery refuses a target with a default retention period, so the
    // versions are not locked by default (docs/ARCHITECTURE.md, "Trust model: what an insider can and cannot do undetected").
    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      bucketName: accessLogBucketName(this),
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'age-out-access-logs',
          transitions: [
            { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) },
          ],
          expiration: Duration.days(props.retention.days),
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
    });
    acknowledge(
      this.logBucket,
      'This is the access-log bucket; logging it into itself would loop.',
      'AwsSolutions-S1',
    );
    checkovSkip(
      this.logBucket,
      'This is the access-log bucket (the evidence bucket logs here); logging it into itself would loop.',
      'CKV_AWS_18',
    );
    const retention = Duration.days(props.retention.days);
    this.bucket = new s3.Bucket(this, 'Evidence', {
      bucketName: evidenceBucketName(this),
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention:
        props.retention.mode === 'COMPLIANCE'
          ? s3.ObjectLockRetention.compliance(retention)
          : s3.ObjectLockRetention.governance(retention),
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: ACCESS_LOG_PREFIX,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    (this.bucket.node.defaultChild as s3.CfnBucket).node.addMetadata(EVIDENCE_BUCKET_MARK, true);
    // Create-only does not rest on code alone: a PutObject of evidence or a checkpoint without If-None-Match is
    // denied to everyone (s3:if-none-match; single-part uploads only, which is all these prefixes receive).
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CreateOnlyEvidenceAndCheckpoints',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: CREATE_ONLY_PREFIXES.map((p) => this.bucket.arnForObjects(`${p}/*`)),
        conditions: { Null: { 's3:if-none-match': 'true' } },
      }),
    );
  }
}
