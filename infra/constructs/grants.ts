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

/**
 * Ledger table write actions. Log items (HEAD, LAYOUT, ART#, PAGE#, LEAF#, NODE#, CHECKPOINT) are written by the sequencer
 * alone; every other role may write only the items under its own partition-key prefixes (dynamodb:LeadingKeys).
 */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;
/** The partition-key prefixes of log items: only the sequencer's role may write them. */
export const LOG_ITEM_PREFIXES = ['HEAD', 'LAYOUT', 'ART#', 'PAGE#', 'LEAF#', 'NODE#', 'CHECKPOINT'] as const;
/**
 * The sequencer's table actions: the conditional writes of append (puts, and the conditional list_append that
 * adds entries to a partial page) and checkpoint, the reads of proofs.
 */
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
 * and sets EVIDENCE_BUCKET / EVIDENCE_KEY_ARN, in one call (docs/CONTRIBUTING.md, house style 14).
 */
export function grantEvidenceWrite(
  f: FluxFunction,
  data: DataPlane,
  prefix: 'evidence' | 'observation' | 'coverage' | 'checkpoints' | 'snapshots',
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

/** Bucket prefixes of statements (observations, run coverage attestations, and the manual, approval and exception statements people add). */
export type StatementPrefix = 'observation' | 'coverage' | 'manual' | 'approval' | 'exception';

/**
 * Grants reads of evidence objects and of the statements under `extra` (the sequencer checks them, snapshots
 * archive them), listing under evidence/ and the `listed` prefixes, and sets EVIDENCE_BUCKET.
 */
export function grantEvidenceRead(
  f: FluxFunction,
  data: DataPlane,
  extra: readonly StatementPrefix[] = [],
  listed: readonly StatementPrefix[] = [],
): void {
  f.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['s3:GetObject'],
      resources: ['evidence', ...extra].map((p) => evidenceObjectsArn(f, p)),
    }),
    new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [data.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': ['evidence', ...listed].map((p) => `${p}/*`) } },
    }),
    new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [data.dataKey.keyArn] }),
  );
  f.fn.addEnvironment('EVIDENCE_BUCKET', data.bucket.bucketName);
  acknowledge(
    f.role,
    `Reads any stored evidence object, under ${['evidence', ...extra].map((p) => `${p}/`).join(' and ')} only.`,
    ...['evidence', ...extra].map((p) => evidencePrefixFinding(f, p)),
  );
}

/**
 * How a role may use the ledger table: `read`; `sequencer` (the one writer of log items); or the write actions
 * it needs on its own items only, e.g. `{ writes: ['PutItem'], prefixes: ['LATEST#'] }` (a LeadingKeys
 * condition, so it can never touch a log item).
 */
export type LedgerAccess =
  'read' | 'sequencer' | { readonly writes: readonly string[]; readonly prefixes: readonly string[] };

/** Grants the ledger table (with its KMS key) as `access` says and sets TABLE_NAME. */
export function grantLedger(f: FluxFunction, data: DataPlane, access: LedgerAccess): void {
  f.addToRolePolicy(...ledgerStatements(data, access));
  f.fn.addEnvironment('TABLE_NAME', data.table.tableName);
}

/** The statements of {@link grantLedger}. */
function ledgerStatements(data: DataPlane, access: LedgerAccess): iam.PolicyStatement[] {
  const table = [data.table.tableArn];
  const key = (actions: string[]) => new iam.PolicyStatement({ actions, resources: [data.dataKey.keyArn] });
  if (access === 'read') {
    return [new iam.PolicyStatement({ actions: LEDGER_READ, resources: table }), key(['kms:Decrypt'])];
  }
  const rw = key(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']);
  if (access === 'sequencer') {
    return [new iam.PolicyStatement({ sid: 'WriteLogItems', actions: LEDGER_WRITE, resources: table }), rw];
  }
  for (const p of access.prefixes) {
    if (LOG_ITEM_PREFIXES.some((l) => p.startsWith(l) || l.startsWith(p.replace(/#$/, '')))) {
      throw new Error(`prefix ${p} would reach log items: only the sequencer writes them`);
    }
  }
  return [
    new iam.PolicyStatement({ actions: LEDGER_READ, resources: table }),
    new iam.PolicyStatement({
      sid: 'WriteOwnItemsOnly',
      actions: access.writes.map((a) => `dynamodb:${a}`),
      resources: table,
      conditions: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': access.prefixes.map((p) => `${p}*`) },
      },
    }),
    rw,
  ];
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
