import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isAbsolute, resolve } from 'node:path';
import { DynamoContentIndex, type ContentIndex } from '../kernel/content-index.js';
import type { FluxConfig } from '../config/schema.js';
import { DynamoLedger } from '../ledger/dynamo-ledger.js';
import { readLockedCheckpoints } from '../store/locked-checkpoint-copies.js';
import { s3CheckpointSink } from '../ledger/s3-checkpoint-sink.js';
import { KmsSigner } from '../ledger/signer.js';
import type { Ledger, Signer } from '../ledger/types.js';
import { openLocker, type Locker } from '../locker/locker.js';
import { LocalBlobStore, S3BlobStore, type BlobStore } from '../manual/blob-store.js';
import { DynamoResultsStore, type ResultsStore } from '../mapping/results-store.js';
import { S3EvidenceStore } from '../store/s3-store.js';
import type { EvidenceStore } from '../store/types.js';
import { LedgerEvidenceLoader } from './ledger-loader.js';

/** The storage target behind every command: the same interfaces for the deployed platform and the local locker. */
export interface Backend {
  readonly kind: 'deployed' | 'local';
  /** Human description, e.g. `local locker ./.flux` or `s3://bucket + dynamodb:table`. */
  readonly description: string;
  readonly store: EvidenceStore;
  /** Manual evidence files and person-made statements (same bucket or locker, own prefixes). */
  readonly blobs: BlobStore;
  readonly ledger: Ledger;
  readonly index: ContentIndex;
  readonly results: ResultsStore;
  readonly evidence: LedgerEvidenceLoader;
  readonly signer: Signer;
  /** A deployment's locked checkpoint copies in the evidence bucket (absent for a local locker). */
  readonly lockedCheckpoints?: () => ReturnType<typeof readLockedCheckpoints>;
  /** The local locker, for what only it has (its directory, every stored checkpoint); absent for a deployment. */
  readonly locker?: Locker;
  close(): Promise<void>;
}

export interface BackendOptions {
  /** Directory a relative `locker.path` is resolved against (the config file's directory or the cwd). */
  readonly baseDir?: string;
  /** Clock for the ledger's storedAt (the demo's simulated clock). */
  readonly clock?: () => Date;
  /** Path-style S3 addressing (set when AWS_ENDPOINT_URL points at an emulator). */
  readonly forcePathStyle?: boolean;
}

/**
 * Opens the configured storage target: the deployed platform when `deployment` is configured (S3 bucket,
 * DynamoDB table, KMS signing key; clients from the default credential chain, so AWS_PROFILE, AWS_REGION and
 * AWS_ENDPOINT_URL apply), otherwise the local locker at `locker.path`.
 */
export async function openBackend(config: FluxConfig, options: BackendOptions = {}): Promise<Backend> {
  const d = config.deployment;
  if (!d) {
    const path = isAbsolute(config.locker.path)
      ? config.locker.path
      : resolve(options.baseDir ?? '.', config.locker.path);
    const locker = await openLocker(path, options.clock ? { clock: options.clock } : {});
    return {
      kind: 'local',
      description: `local locker ${path}`,
      store: locker.store,
      blobs: new LocalBlobStore(path),
      ledger: locker.ledger,
      index: locker.index,
      results: locker.results,
      evidence: new LedgerEvidenceLoader(locker),
      signer: locker.signer,
      locker,
      close: async () => locker.close(),
    };
  }
  const region = { region: d.region };
  const dynamo = new DynamoDBClient(region);
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const s3 = new S3Client({ ...region, ...(options.forcePathStyle ? { forcePathStyle: true } : {}) });
  const kms = new KMSClient(region);
  const store = new S3EvidenceStore({
    s3,
    bucket: d.evidenceBucket,
    ...(d.evidenceKeyArn ? { kmsKeyId: d.evidenceKeyArn } : {}),
    retention: config.retention,
  });
  const ledger = new DynamoLedger({
    client: doc,
    tableName: d.ledgerTable,
    origin: config.origin,
    ...(options.clock ? { clock: options.clock } : {}),
    // A checkpoint signed from here is anchored like the sequencer's: a locked copy under checkpoints/.
    checkpointSink: s3CheckpointSink({
      client: s3,
      bucket: d.evidenceBucket,
      ...(config.retention ? { retention: config.retention } : {}),
    }),
  });
  const index = new DynamoContentIndex(doc, d.ledgerTable);
  return {
    kind: 'deployed',
    description: `s3://${d.evidenceBucket} + dynamodb:${d.ledgerTable} (${d.region})`,
    store,
    blobs: new S3BlobStore({
      s3,
      bucket: d.evidenceBucket,
      ...(d.evidenceKeyArn ? { kmsKeyId: d.evidenceKeyArn } : {}),
      ...(config.retention ? { retention: config.retention } : {}),
    }),
    ledger,
    index,
    results: new DynamoResultsStore(doc, d.ledgerTable),
    evidence: new LedgerEvidenceLoader({ ledger, index, store }),
    signer: new KmsSigner(kms, d.signingKeyArn),
    lockedCheckpoints: () => readLockedCheckpoints(s3, d.evidenceBucket),
    close: async () => {
      for (const c of [dynamo, s3, kms]) c.destroy();
    },
  };
}
