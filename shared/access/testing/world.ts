import type { AwsCredentialIdentity } from '@smithy/types';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadControls } from '../../../frameworks/index.js';
import { createLedgerTable } from '../../ledger/dynamo-schema.js';
import { DynamoLedger } from '../../ledger/dynamo-ledger.js';
import { KmsSigner } from '../../ledger/signer.js';
import { createSigningKey } from '../../ledger/testing/fixtures.js';
import { DynamoResultsStore } from '../../mapping/results-store.js';
import { makeArtifact } from '../../snapshot/testing/scenario.js';
import { ensureEvidenceBucket } from '../../store/evidence-bucket.js';
import { S3EvidenceStore } from '../../store/s3-store.js';
import { createPresignClient } from '../presign.js';
import type { Auditor } from '../scope.js';
import type { SnapshotServiceDeps } from '../snapshots.js';

const AUDITOR_ROLE = 'arn:aws:iam::123456789012:role/acme-auditor';
export const AUDITORS: Auditor[] = [
  {
    principalArn: AUDITOR_ROLE,
    engagement: 'acme-soc2-2026',
    frameworks: ['soc2-2017'],
    endsOn: '2026-06-30',
  },
  {
    principalArn: 'arn:aws:iam::123456789012:role/iso-auditor',
    engagement: 'acme-iso-2026',
    frameworks: ['iso27001-2022'],
    endsOn: '2026-06-30',
  },
  {
    principalArn: 'arn:aws:iam::123456789012:role/last-year',
    engagement: 'acme-soc2-2025',
    frameworks: ['soc2-2017'],
    endsOn: '2026-01-15',
  },
];
export const BUCKET = 'flux-evidence-123456789012';
export const TABLE = 'flux-ledger';

/**
 * A deployment on the emulator: Object Lock evidence bucket, ledger table, KMS P-256 key, and `days` daily
 * aws-iam-credential-report artifacts from 2026-01-01 with IAM-11 results, closed by a checkpoint.
 */
/** Plain client settings shared by the S3, DynamoDB and KMS clients (awsTestConfig()). */
export interface WorldConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentity;
  readonly forcePathStyle?: boolean;
  readonly maxAttempts?: number;
}

export async function buildAccessWorld(
  config: WorldConfig,
  days = 3,
  now = new Date('2026-02-01T09:00:00.000Z'),
) {
  const s3 = new S3Client(config);
  const ddb = new DynamoDBClient(config);
  const doc = DynamoDBDocumentClient.from(ddb);
  const kms = new KMSClient(config);
  await ensureEvidenceBucket(s3, BUCKET, { objectLock: { mode: 'COMPLIANCE', days: 1 } });
  await createLedgerTable(ddb, TABLE);
  const signer = new KmsSigner(kms, await createSigningKey(kms));
  const store = new S3EvidenceStore({ s3, bucket: BUCKET, retention: { mode: 'COMPLIANCE', days: 1 } });
  const ledger = new DynamoLedger({ client: doc, tableName: TABLE, origin: 'flux-evidence/test' });
  const results = new DynamoResultsStore(doc, TABLE);
  for (let d = 0; d < days; d++) {
    const at = new Date(Date.UTC(2026, 0, 1 + d, 6)).toISOString();
    const a = makeArtifact('aws-iam-credential-report', at, d);
    const stored = await store.put(a);
    await ledger.append({
      sha256: a.sha256,
      key: stored.key,
      collector: 'aws-iam-credential-report',
      scope: 'account=123456789012,region=us-east-1',
      observedAt: at,
      collectedAt: at,
    });
    await results.putResult({
      controlId: 'IAM-11',
      status: 'PASS',
      reason: 'no active root access key',
      failing: [],
      ruleVersions: { 'iam-root-access-key-absent': '1.0.0' },
      mappingVersion: '1.0.0',
      artifacts: [a.sha256],
      observedAt: at,
      evaluatedAt: at,
    });
  }
  await ledger.checkpoint(signer, new Date(Date.UTC(2026, 0, 1 + days, 1)));
  const deps: SnapshotServiceDeps = {
    s3,
    presignS3: createPresignClient(config),
    bucket: BUCKET,
    store,
    ledger,
    signer,
    results,
    controls: loadControls(),
    auditors: AUDITORS,
    retention: { mode: 'COMPLIANCE', days: 1 },
    toolVersion: '0.1.0',
    accessEvidence: {
      appender: ledger,
      scope: { account: '123456789012', region: config.region },
      connection: { endpoint: config.endpoint, forcePathStyle: true, credentials: config.credentials },
    },
    now: () => now,
    partSize: 5 * 1024 * 1024,
  };
  return { s3, doc, ddb, kms, signer, store, ledger, results, deps };
}
