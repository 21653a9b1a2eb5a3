import { ArtifactTooLargeError, IntegrityError, ValidationError, formatIssues } from '../errors.js';
import { canonicalBytes, sha256Hex } from './canonical.js';
import { EnvelopeSchema, type Envelope } from './envelope.js';

/** Default ceiling for one artifact; larger evidence must be split by its collector. */
export const DEFAULT_MAX_ARTIFACT_BYTES = 50 * 1024 * 1024;

/** An envelope sealed into its canonical bytes, with the SHA-256 that is its identity. */
export interface SealedArtifact<TData = unknown> {
  readonly envelope: Envelope<TData>;
  readonly bytes: Buffer;
  readonly sha256: string;
}

/** Validates an envelope and produces its canonical bytes and artifact id. Throws before anything is written. */
export function sealEnvelope<TData>(
  envelope: Envelope<TData>,
  maxBytes: number = DEFAULT_MAX_ARTIFACT_BYTES,
): SealedArtifact<TData> {
  const parsed = EnvelopeSchema.safeParse(envelope);
  if (!parsed.success) throw new ValidationError('evidence envelope', formatIssues(parsed.error.issues));
  const bytes = canonicalBytes(envelope);
  if (bytes.length > maxBytes) throw new ArtifactTooLargeError(bytes.length, maxBytes);
  return { envelope, bytes, sha256: sha256Hex(bytes) };
}

/**
 * Reads stored bytes back into an artifact, checking they are JSON, a valid envelope, in canonical form,
 * and (when given) hash to the expected id.
 */
export function openArtifact(bytes: Buffer, expectedSha256?: string): SealedArtifact {
  const actual = sha256Hex(bytes);
  if (expectedSha256 !== undefined && actual !== expectedSha256) {
    throw new IntegrityError(
      'artifact-hash',
      `artifact hash mismatch: expected ${expectedSha256}, got ${actual}`,
      {
        expected: expectedSha256,
        actual,
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw new ValidationError('evidence artifact', ['(root): not JSON'], { cause });
  }
  const parsed = EnvelopeSchema.safeParse(json);
  if (!parsed.success) throw new ValidationError('evidence envelope', formatIssues(parsed.error.issues));
  if (!canonicalBytes(json).equals(bytes)) {
    throw new IntegrityError('canonical-form', 'artifact bytes are not RFC 8785 canonical JSON', {
      sha256: actual,
    });
  }
  return { envelope: json as Envelope, bytes, sha256: actual };
}
