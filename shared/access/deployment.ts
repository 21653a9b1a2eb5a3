import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Control } from '../../frameworks/schema.js';
import { SQSClient } from '@aws-sdk/client-sqs';
import { queueAppender } from '../ledger/append-request.js';
import { DynamoLedger } from '../ledger/dynamo-ledger.js';
import { SqsAppendQueue } from '../ledger/sqs-append-queue.js';
import { KmsSigner } from '../ledger/signer.js';
import { DynamoResultsStore } from '../mapping/results-store.js';
import { S3BlobStore } from '../manual/blob-store.js';
import { S3EvidenceStore } from '../store/s3-store.js';
import type { RetentionPolicy } from '../store/types.js';
import { createPresignClient } from './presign.js';
import type { ScopeExclusion } from '../window/scope.js';
import type { Auditor } from './scope.js';
import type { SnapshotServiceDeps } from './snapshots.js';

/** A deployed platform's resources and settings, as the snapshot service needs them. */
export interface DeploymentSettings {
  readonly region: string;
  /** Emulator endpoint (local runs only). */
  readonly endpoint?: string;
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  readonly accountId: string;
  readonly bucket: string;
  readonly table: string;
  readonly signingKeyArn: string;
  readonly evidenceKeyArn?: string;
  readonly origin: string;
  readonly auditors: readonly Auditor[];
  /** Operator principals the API lets act for any configured engagement (configuration `operators`). */
  readonly operators?: readonly string[];
  readonly retention: RetentionPolicy;
  readonly controls: readonly Control[];
  /** Requirements the configuration declares out of scope (the window evaluation reads them). */
  readonly exclusions?: readonly ScopeExclusion[];
  readonly toolVersion: string;
  /**
   * The sequencer's append queue: URL issuances are stored create-only and handed to the sequencer through it (the
   * deployed API may not write log items). Without it (an operator's CLI), the ledger is appended to directly.
   */
  readonly appendQueueUrl?: string;
  readonly now?: () => Date;
}

/** Builds the snapshot service on S3, DynamoDB and KMS (the Lambda handlers and the CLI share this). */
export function buildDeploymentDeps(s: DeploymentSettings): SnapshotServiceDeps {
  const conn = {
    region: s.region,
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    ...(s.credentials ? { credentials: s.credentials } : {}),
  };
  const s3 = new S3Client({ ...conn, forcePathStyle: !!s.endpoint });
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(conn));
  const ledger = new DynamoLedger({ client: doc, tableName: s.table, origin: s.origin });
  const blobs = new S3BlobStore({ s3, bucket: s.bucket });
  return {
    s3,
    presignS3: createPresignClient({ ...conn, forcePathStyle: !!s.endpoint }),
    bucket: s.bucket,
    store: new S3EvidenceStore({
      s3,
      bucket: s.bucket,
      retention: s.retention,
      ...(s.evidenceKeyArn ? { kmsKeyId: s.evidenceKeyArn } : {}),
    }),
    statements: blobs,
    // Manual evidence, approvals and exceptions are judged in the window and archived (the CLI and the API alike).
    manual: blobs,
    ...(s.exclusions ? { exclusions: s.exclusions } : {}),
    ledger,
    signer: new KmsSigner(new KMSClient(conn), s.signingKeyArn),
    results: new DynamoResultsStore(doc, s.table),
    controls: s.controls,
    auditors: s.auditors,
    ...(s.operators ? { operators: s.operators } : {}),
    retention: s.retention,
    toolVersion: s.toolVersion,
    accessEvidence: {
      appender: s.appendQueueUrl
        ? queueAppender(new SqsAppendQueue(new SQSClient(conn), s.appendQueueUrl))
        : ledger,
      scope: { account: s.accountId, region: s.region },
      connection: {
        ...(s.endpoint ? { endpoint: s.endpoint, forcePathStyle: true } : {}),
        ...(s.credentials ? { credentials: s.credentials } : {}),
      },
    },
    now: s.now ?? (() => new Date()),
  };
}
