import { performance } from 'node:perf_hooks';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { sealEnvelope, type SealedArtifact } from '../shared/evidence/artifact.js';
import { ENVELOPE_SCHEMA } from '../shared/evidence/envelope.js';
import { ensureEvidenceBucket } from '../shared/store/evidence-bucket.js';
import { S3EvidenceStore } from '../shared/store/s3-store.js';

/** Figures of one store benchmark run. */
export interface StoreBenchResult {
  readonly artifacts: number;
  readonly meanArtifactBytes: number;
  /** S3EvidenceStore.put: re-validation, create-only PutObject with SHA-256 checksum, SSE-KMS, Object Lock. */
  readonly storeMsPerArtifact: number;
  /** A bare PutObject of the same bytes into the same bucket (SDK defaults). */
  readonly bareMsPerArtifact: number;
  /** storeMsPerArtifact / bareMsPerArtifact. */
  readonly ratio: number;
}

const WARMUP = 10;
const BLOCK = 25;

/** An envelope of about 10 KB: 80 users, as an identity-provider collector would store them. */
function artifact(i: number): SealedArtifact {
  const users = Array.from({ length: 80 }, (_, u) => ({
    id: `00u${String(i).padStart(6, '0')}${String(u).padStart(4, '0')}`,
    login: `user${u}@acme.example`,
    status: u % 7 === 0 ? 'SUSPENDED' : 'ACTIVE',
    mfa: u % 5 !== 0,
    lastLogin: `2026-01-${String((u % 28) + 1).padStart(2, '0')}T08:00:00.000Z`,
  }));
  return sealEnvelope({
    schema: ENVELOPE_SCHEMA,
    collector: 'okta-users',
    collectorVersion: '1.0.0',
    scope: { tenant: 'acme.okta.com' },
    observedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    collectedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i, 500)).toISOString(),
    provenance: { identity: 'okta-app:flux', operations: [], complete: true },
    data: { users },
    errors: [],
  });
}

/**
 * Store overhead per artifact: S3EvidenceStore.put of N ~10 KB artifacts against a bare PutObject of the same
 * bytes on the same emulator, in alternating blocks so drift in the emulator hits both sides alike.
 */
export async function run(endpoint: string, options: { artifacts?: number } = {}): Promise<StoreBenchResult> {
  const n = options.artifacts ?? 200;
  const config = {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const kms = new KMSClient(config);
  const bucket = `flux-bench-store-${Date.now().toString(36)}`;
  const kmsKeyId = (await kms.send(new CreateKeyCommand({ Description: 'flux store bench' }))).KeyMetadata!
    .Arn!;
  await ensureEvidenceBucket(s3, bucket, { objectLock: { days: 1 }, kmsKeyId });
  const store = new S3EvidenceStore({ s3, bucket, kmsKeyId, retention: { mode: 'COMPLIANCE', days: 1 } });
  const bare = (a: SealedArtifact, i: number) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: `bench-bare/${i}.json`, Body: a.bytes }));

  const warm = Array.from({ length: WARMUP }, (_, i) => artifact(n + i));
  for (const [i, a] of warm.entries()) {
    await store.put(a);
    await bare(a, n + i);
  }

  const artifacts = Array.from({ length: n }, (_, i) => artifact(i));
  let storeMs = 0;
  let bareMs = 0;
  for (let start = 0; start < n; start += BLOCK) {
    const block = artifacts.slice(start, start + BLOCK);
    let t = performance.now();
    for (const a of block) await store.put(a);
    storeMs += performance.now() - t;
    t = performance.now();
    for (const [j, a] of block.entries()) await bare(a, start + j);
    bareMs += performance.now() - t;
  }

  const result: StoreBenchResult = {
    artifacts: n,
    meanArtifactBytes: Math.round(artifacts.reduce((s, a) => s + a.bytes.length, 0) / n),
    storeMsPerArtifact: round(storeMs / n),
    bareMsPerArtifact: round(bareMs / n),
    ratio: round(storeMs / bareMs),
  };
  console.log(`store: ${n} artifacts of ~${result.meanArtifactBytes} bytes`);
  console.log(`store: S3EvidenceStore.put  ${result.storeMsPerArtifact} ms/artifact`);
  console.log(`store: bare PutObject       ${result.bareMsPerArtifact} ms/artifact`);
  console.log(`store: overhead ratio       ${result.ratio}x`);
  s3.destroy();
  kms.destroy();
  return result;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
