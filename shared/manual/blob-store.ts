import { PutObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IntegrityError, NotFoundError, ValidationError, isAwsError } from '../errors.js';
import { sha256Hex } from '../evidence/canonical.js';
import { readStoredObject } from '../store/s3-read.js';
import type { RetentionPolicy } from '../store/types.js';
import { MANUAL_FILES, MAX_FILE_BYTES } from './files.js';

/** Statements are `.json`; uploaded files have their own extensions (an interrupted local write leaves `.tmp`). */
const wanted = (prefix: string, name: string) =>
  prefix === MANUAL_FILES ? !name.endsWith('.tmp') : name.endsWith('.json');
import type { BlobStore } from './types.js';
import type { StatementKind } from '../ledger/leaf.js';
import { writeOnce } from '../locker/write-once.js';

export type { BlobStore } from './types.js';

const DAY_MS = 86_400_000;
/** Keys this store accepts: manual files and statements only, never a path that leaves its prefix. */
const KEY = /^(manual-files|manual|approval|exception|observation|coverage)\/[A-Za-z0-9._/-]+$/;

function requireKey(key: string): string {
  if (!KEY.test(key) || key.split('/').some((p) => p === '..' || p === '.' || p === '')) {
    throw new ValidationError('manual evidence key', [`${key}: not a manual evidence key`]);
  }
  return key;
}

function checkHash(key: string, bytes: Buffer, expected: string, where: Record<string, unknown>): Buffer {
  const actual = sha256Hex(bytes);
  if (actual !== expected) {
    throw new IntegrityError('manual-hash', `stored object does not hash to the logged value: ${key}`, {
      ...where,
      key,
      expected,
      actual,
    });
  }
  return bytes;
}

/** The local locker's manual evidence: read-only files beside `evidence/`, hard-linked into place (create-only). */
export class LocalBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  async put(key: string, bytes: Buffer): Promise<{ created: boolean }> {
    const created = await writeOnce(join(this.root, requireKey(key)), bytes, `stored object ${key} differs`, {
      key,
    });
    return { created };
  }

  async get(key: string, expectedSha256: string): Promise<Buffer> {
    try {
      const bytes = await readFile(join(this.root, requireKey(key)));
      return checkHash(key, bytes, expectedSha256, { root: this.root });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new NotFoundError('manual evidence object', key, { cause: error });
      throw error;
    }
  }

  async *list(prefix: StatementKind | typeof MANUAL_FILES): AsyncIterable<string> {
    const out: string[] = [];
    const walk = async (rel: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(join(this.root, rel), { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      for (const e of entries) {
        if (e.isDirectory()) await walk(`${rel}/${e.name}`);
        else if (wanted(prefix, e.name)) out.push(`${rel}/${e.name}`);
      }
    };
    await walk(prefix);
    yield* out.sort();
  }
}

export interface S3BlobStoreOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly kmsKeyId?: string;
  readonly retention?: RetentionPolicy;
  readonly clock?: () => Date;
}

/** The deployment's manual evidence: create-only objects (If-None-Match), SHA-256 checksum, SSE-KMS, Object Lock. */
export class S3BlobStore implements BlobStore {
  constructor(private readonly o: S3BlobStoreOptions) {}

  async put(key: string, bytes: Buffer, contentType: string): Promise<{ created: boolean }> {
    const sha256 = sha256Hex(bytes);
    const { kmsKeyId, retention } = this.o;
    const now = (this.o.clock ?? (() => new Date()))();
    try {
      await this.o.s3.send(
        new PutObjectCommand({
          Bucket: this.o.bucket,
          Key: requireKey(key),
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: contentType,
          IfNoneMatch: '*',
          ChecksumAlgorithm: 'SHA256',
          ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
          Metadata: { sha256 },
          ...(kmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKeyId } : {}),
          ...(retention
            ? {
                ObjectLockMode: retention.mode,
                ObjectLockRetainUntilDate: new Date(now.getTime() + retention.days * DAY_MS),
              }
            : {}),
        }),
      );
      return { created: true };
    } catch (error) {
      if (!isAwsError(error, ['PreconditionFailed', 'ConditionalRequestConflict'], [412, 409])) throw error;
    }
    await this.get(key, sha256);
    return { created: false };
  }

  async get(key: string, expectedSha256: string): Promise<Buffer> {
    const stored = await readStoredObject(this.o.s3, this.o.bucket, requireKey(key), MAX_FILE_BYTES);
    return checkHash(key, stored.bytes, expectedSha256, { bucket: this.o.bucket });
  }

  async *list(prefix: StatementKind | typeof MANUAL_FILES): AsyncIterable<string> {
    for await (const page of paginateListObjectsV2(
      { client: this.o.s3 },
      { Bucket: this.o.bucket, Prefix: `${prefix}/` },
    )) {
      for (const o of page.Contents ?? []) if (o.Key && wanted(prefix, o.Key)) yield o.Key;
    }
  }
}
