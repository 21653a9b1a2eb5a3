import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ArtifactTooLargeError, IntegrityError, NotFoundError, isAwsError } from '../errors.js';
import { sha256Hex } from '../evidence/canonical.js';

/** Bytes of one stored object with their SHA-256 (hex). */
export interface StoredBytes {
  readonly bytes: Buffer;
  readonly sha256: string;
}

/**
 * Reads one object with `ChecksumMode: ENABLED`, so the SDK validates the body against the checksum S3 stored
 * at write time, then rehashes it here: the caller compares that hash with the one the key names.
 */
export async function readStoredObject(
  s3: S3Client,
  bucket: string,
  key: string,
  maxBytes: number,
  /** A specific version (a versioned bucket), e.g. one a delete marker hides from listings. */
  versionId?: string,
): Promise<StoredBytes> {
  const integrity = (check: string, message: string, details: Record<string, unknown>, cause?: unknown) =>
    new IntegrityError(check, `${message}: ${key}`, { bucket, key, ...details }, { cause });
  let bytes: Buffer;
  let storedChecksum: string | undefined;
  try {
    const res = await s3.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ChecksumMode: 'ENABLED',
        ...(versionId ? { VersionId: versionId } : {}),
      }),
    );
    if (res.ContentLength !== undefined && res.ContentLength > maxBytes) {
      res.Body?.transformToWebStream()
        .cancel()
        .catch(() => {});
      throw new ArtifactTooLargeError(res.ContentLength, maxBytes);
    }
    if (!res.Body) throw integrity('empty-body', 'stored object has no body', {});
    bytes = Buffer.from(await res.Body.transformToByteArray());
    storedChecksum = res.ChecksumSHA256;
  } catch (error) {
    if (isAwsError(error, ['NoSuchKey', 'NotFound'], [404]))
      throw new NotFoundError('evidence object', key, { cause: error });
    if (error instanceof Error && /checksum mismatch/i.test(error.message)) {
      throw integrity('transport-checksum', 'stored object fails its S3 checksum', {}, error);
    }
    throw error;
  }
  const sha256 = sha256Hex(bytes);
  // A multipart ("composite") checksum ends in -<parts> and is not a hash of the whole body.
  if (storedChecksum && !storedChecksum.includes('-')) {
    const actual = Buffer.from(sha256, 'hex').toString('base64');
    if (storedChecksum !== actual) {
      throw integrity('stored-checksum', 'stored object differs from its S3 checksum', {
        storedChecksum,
        actual,
      });
    }
  }
  return { bytes, sha256 };
}
