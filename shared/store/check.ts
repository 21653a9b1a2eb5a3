import { ArtifactTooLargeError, IntegrityError, ValidationError } from '../errors.js';
import { openArtifact, type SealedArtifact } from '../evidence/artifact.js';
import type { Envelope } from '../evidence/envelope.js';
import { sha256Hex } from '../evidence/canonical.js';
import { artifactKey, parseArtifactKey, type StoredArtifact } from './types.js';

/** Parses an artifact key, refusing anything that is not one (and so any path traversal). */
export function requireArtifactKey(key: string): { collector: string; collectedAt: string; sha256: string } {
  const parts = parseArtifactKey(key);
  if (!parts)
    throw new ValidationError('artifact key', [
      `${key}: not evidence/<collector>/<yyyy>/<mm>/<dd>/<collectedAt>_<sha256>.json`,
    ]);
  return parts;
}

/** Checks bytes read back against the hash their key (and the caller) name; the cheap path of `get`. */
export function checkStoredHash(
  key: string,
  bytes: Buffer,
  expectedSha256: string,
  where: Record<string, unknown> = {},
): Buffer {
  const parts = requireArtifactKey(key);
  const actual = sha256Hex(bytes);
  if (expectedSha256 !== parts.sha256 || actual !== parts.sha256) {
    const check = expectedSha256 !== parts.sha256 ? 'expected-hash' : 'artifact-hash';
    throw new IntegrityError(check, `stored object does not hash to the expected artifact: ${key}`, {
      ...where,
      key,
      expected: expectedSha256,
      actual,
    });
  }
  return bytes;
}

/**
 * Checks bytes read back from any store against the key they were stored under: the key's hash, the
 * caller's expected hash, canonical envelope form, and that the envelope names the same collector and time.
 * Every failure is an IntegrityError whose `check` says what failed and whose details name the key.
 */
export function checkStoredArtifact(
  key: string,
  bytes: Buffer,
  expectedSha256: string | undefined,
  where: Record<string, unknown> = {},
): SealedArtifact {
  const parts = requireArtifactKey(key);
  const fail = (check: string, message: string, details: Record<string, unknown> = {}, cause?: unknown) =>
    new IntegrityError(check, `${message}: ${key}`, { ...where, key, ...details }, { cause });
  if (expectedSha256 !== undefined && expectedSha256 !== parts.sha256) {
    throw fail('expected-hash', 'artifact key does not carry the expected hash', {
      expected: expectedSha256,
    });
  }
  const actual = sha256Hex(bytes);
  if (actual !== parts.sha256) {
    throw fail('artifact-hash', 'stored object does not hash to its key', { expected: parts.sha256, actual });
  }
  let artifact: SealedArtifact;
  try {
    artifact = openArtifact(bytes, parts.sha256);
  } catch (error) {
    throw fail('stored-envelope', 'stored object is not a valid canonical evidence envelope', {}, error);
  }
  if (artifactKey(artifact.envelope.collector, artifact.envelope.collectedAt, artifact.sha256) !== key) {
    throw fail('key-mismatch', 'stored envelope names another collector or collection time than its key');
  }
  return artifact;
}

/**
 * Everything a store checks before any write (size, hash, schema, canonical form), with the artifact's key and a
 * builder for the record the store returns.
 */
export function preparePut(
  artifact: SealedArtifact,
  maxBytes: number,
): {
  envelope: Envelope;
  bytes: Buffer;
  sha256: string;
  key: string;
  record: (created: boolean) => StoredArtifact;
} {
  if (artifact.bytes.length > maxBytes) throw new ArtifactTooLargeError(artifact.bytes.length, maxBytes);
  const { envelope, bytes, sha256 } = openArtifact(artifact.bytes, artifact.sha256);
  const key = artifactKey(envelope.collector, envelope.collectedAt, sha256);
  const record = (created: boolean): StoredArtifact => ({
    key,
    sha256,
    size: bytes.length,
    collector: envelope.collector,
    collectedAt: envelope.collectedAt,
    observedAt: envelope.observedAt,
    created,
  });
  return { envelope, bytes, sha256, key, record };
}
