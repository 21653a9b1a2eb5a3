import { Stack, Token } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { evidenceObjectsArn } from './evidence-store.js';
import { acknowledge } from '../nag/acknowledge.js';
import type { FluxFunction } from './flux-function.js';

/** The stateful resources functions are granted access to. */
export interface DataPlane {
  readonly bucket: s3.IBucket;
  readonly table: dynamodb.ITable;
  /** Encrypts the bucket and the table. */
  readonly dataKey: kms.IKey;
}

/** Ledger table actions: the conditional writes of append and checkpoint, and the reads of proofs and the index. */
const LEDGER_WRITE = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:Query',
  'dynamodb:BatchGetItem',
];
const LEDGER_READ = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'];

/**
 * Grants create-only writes under one bucket prefix (PutObject with retention; GetObject for the re-put check)
 * and sets EVIDENCE_BUCKET / EVIDENCE_KEY_ARN, in one call (STYLE.md 14).
 */
export function grantEvidenceWrite(
  f: FluxFunction,
  data: DataPlane,
  prefix: 'evidence' | 'checkpoints' | 'snapshots',
): void {
  f.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['s3:PutObject', 's3:PutObjectRetention', 's3:GetObject'],
      resources: [evidenceObjectsArn(f, prefix)],
    }),
    new iam.PolicyStatement({
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [data.dataKey.keyArn],
    }),
  );
  f.fn.addEnvironment('EVIDENCE_BUCKET', data.bucket.bucketName);
  f.fn.addEnvironment('EVIDENCE_KEY_ARN', data.dataKey.keyArn);
  acknowledge(
    f.role,
    `Objects are created under ${prefix}/ only; their keys carry the collector, date and hash, unknown in advance.`,
    evidencePrefixFinding(f, prefix),
  );
}

/** Grants reads of evidence objects and sets EVIDENCE_BUCKET. */
export function grantEvidenceRead(f: FluxFunction, data: DataPlane): void {
  f.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [evidenceObjectsArn(f, 'evidence')] }),
    new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [data.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': ['evidence/*'] } },
    }),
    new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [data.dataKey.keyArn] }),
  );
  f.fn.addEnvironment('EVIDENCE_BUCKET', data.bucket.bucketName);
  acknowledge(
    f.role,
    'Reads any stored evidence object, under evidence/ only.',
    evidencePrefixFinding(f, 'evidence'),
  );
}

/** Grants the ledger table (read-write or read-only, with its KMS key) and sets TABLE_NAME. */
export function grantLedger(f: FluxFunction, data: DataPlane, mode: 'readWrite' | 'read'): void {
  f.addToRolePolicy(
    new iam.PolicyStatement({
      actions: mode === 'read' ? LEDGER_READ : LEDGER_WRITE,
      resources: [data.table.tableArn],
    }),
    new iam.PolicyStatement({
      actions: mode === 'read' ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
      resources: [data.dataKey.keyArn],
    }),
  );
  f.fn.addEnvironment('TABLE_NAME', data.table.tableName);
}

/** The nag finding id of a wildcard object ARN from {@link evidenceObjectsArn}. */
export function evidencePrefixFinding(scope: FluxFunction, prefix: string): string {
  const s = Stack.of(scope);
  const account = Token.isUnresolved(s.account) ? '<AWS::AccountId>' : s.account;
  const region = Token.isUnresolved(s.region) ? '<AWS::Region>' : s.region;
  return `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::flux-evidence-${account}-${region}/${prefix}/*]`;
}

/** ARNs of Secrets Manager secrets named in the configuration (a name matches its random 6-character suffix). */
export function secretArns(scope: FluxFunction, names: readonly string[]): string[] {
  const s = Stack.of(scope);
  return names.map((n) =>
    n.startsWith('arn:')
      ? n
      : `arn:${s.partition}:secretsmanager:${s.region}:${s.account}:secret:${n}-??????`,
  );
}
