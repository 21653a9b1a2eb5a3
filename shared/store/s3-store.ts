import {
  PutObjectCommand,
  paginateListObjectsV2,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import * as z from 'zod';
import { ConfigError, IntegrityError, ValidationError, formatIssues, isAwsError } from '../errors.js';
import { checkStoredArtifact, checkStoredHash, preparePut, requireArtifactKey } from './check.js';
import { DEFAULT_MAX_ARTIFACT_BYTES, type SealedArtifact } from '../evidence/artifact.js';
import type { Envelope } from '../evidence/envelope.js';
import { parseArtifactKey, type EvidenceStore, type StoredArtifact } from './types.js';
import { readStoredObject } from './s3-read.js';

const DAY_MS = 86_400_000;

const S3EvidenceStoreOptionsSchema = z.strictObject({
  s3: z.custom<S3Client>((v) => typeof (v as S3Client | null)?.send === 'function', 'must be an S3Client'),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'),
  kmsKeyId: z.string().min(1).optional(),
  retention: z
    .strictObject({ mode: z.enum(['COMPLIANCE', 'GOVERNANCE']), days: z.number().int().positive() })
    .optional(),
  clock: z
    .custom<() => Date>((v) => typeof v === 'function', 'must be a function returning a Date')
    .optional(),
  maxArtifactBytes: z.number().int().positive().optional(),
});

/** Options of {@link S3EvidenceStore}; unknown keys are rejected. */
export type S3EvidenceStoreOptions = z.input<typeof S3EvidenceStoreOptionsSchema>;

/**
 * The evidence store of the deployed platform (docs/ARCHITECTURE.md, "Evidence store"): one S3 object per artifact,
 * written create-only with a SHA-256 checksum, SSE-KMS and Object Lock retention, and rehashed on every read.
 */
export class S3EvidenceStore implements EvidenceStore {
  readonly bucket: string;
  private readonly s3: S3Client;
  private readonly opts: Omit<z.output<typeof S3EvidenceStoreOptionsSchema>, 's3' | 'bucket'>;
  private readonly maxBytes: number;

  constructor(options: S3EvidenceStoreOptions) {
    const parsed = S3EvidenceStoreOptionsSchema.safeParse(options);
    if (!parsed.success) throw new ConfigError(formatIssues(parsed.error.issues));
    const { s3, bucket, ...rest } = parsed.data;
    this.s3 = s3;
    this.bucket = bucket;
    this.opts = rest;
    this.maxBytes = rest.maxArtifactBytes ?? DEFAULT_MAX_ARTIFACT_BYTES;
  }

  /**
   * Stores an artifact once. Before any write, the bytes are checked against the size limit, their hash, the
   * envelope schema and canonical form. A re-put of identical content is a no-op (created=false) after the
   * stored object is read back and rehashed; a differing stored object raises IntegrityError and is never overwritten.
   */
  async put(artifact: SealedArtifact): Promise<StoredArtifact> {
    const { envelope, bytes, sha256, key, record } = preparePut(artifact, this.maxBytes);
    try {
      await this.s3.send(new PutObjectCommand(this.putInput(key, bytes, sha256, envelope)));
      return record(true);
    } catch (error) {
      // 412: the key exists. 409: a concurrent conditional write to the same key is in flight (AWS).
      if (!isAwsError(error, ['PreconditionFailed', 'ConditionalRequestConflict'], [412, 409])) throw error;
    }
    const existing = await readStoredObject(this.s3, this.bucket, key, this.maxBytes);
    if (!existing.bytes.equals(bytes)) {
      throw new IntegrityError(
        'existing-object-differs',
        `stored object ${key} differs from the artifact its key names`,
        {
          bucket: this.bucket,
          key,
          expected: sha256,
          actual: existing.sha256,
        },
      );
    }
    return record(false);
  }

  /** Reads an artifact back with S3 checksum validation, rehashes it and checks it against its key. */
  async get(key: string, expectedSha256?: string): Promise<SealedArtifact> {
    requireArtifactKey(key);
    const stored = await readStoredObject(this.s3, this.bucket, key, this.maxBytes);
    return checkStoredArtifact(key, stored.bytes, expectedSha256, { bucket: this.bucket });
  }

  async getBytes(key: string, expectedSha256: string): Promise<Buffer> {
    requireArtifactKey(key);
    const stored = await readStoredObject(this.s3, this.bucket, key, this.maxBytes);
    return checkStoredHash(key, stored.bytes, expectedSha256, { bucket: this.bucket });
  }

  /** Lists artifact keys, optionally under one collector and a day prefix (`yyyy`, `yyyy/mm` or `yyyy/mm/dd`). */
  async *list(collector?: string, dayPrefix?: string): AsyncIterable<string> {
    if (dayPrefix !== undefined && (collector === undefined || !/^\d{4}(?:\/\d{2}){0,2}$/.test(dayPrefix))) {
      throw new ValidationError('list prefix', [
        `dayPrefix "${dayPrefix}" needs a collector and the form yyyy[/mm[/dd]]`,
      ]);
    }
    const prefix = ['evidence', collector, dayPrefix].filter((p) => p !== undefined).join('/') + '/';
    for await (const page of paginateListObjectsV2(
      { client: this.s3 },
      { Bucket: this.bucket, Prefix: prefix },
    )) {
      for (const object of page.Contents ?? []) {
        if (object.Key && parseArtifactKey(object.Key)) yield object.Key;
      }
    }
  }

  private putInput(key: string, bytes: Buffer, sha256: string, envelope: Envelope): PutObjectCommandInput {
    const { kmsKeyId, retention } = this.opts;
    const now = (this.opts.clock ?? (() => new Date()))();
    return {
      Bucket: this.bucket,
      Key: key,
      Body: bytes,
      ContentLength: bytes.length,
      ContentType: 'application/json',
      IfNoneMatch: '*',
      ChecksumAlgorithm: 'SHA256',
      ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
      Metadata: { collector: envelope.collector, 'observed-at': envelope.observedAt, sha256 },
      ...(kmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKeyId } : {}),
      ...(retention
        ? {
            ObjectLockMode: retention.mode,
            ObjectLockRetainUntilDate: new Date(now.getTime() + retention.days * DAY_MS),
          }
        : {}),
    };
  }
}
