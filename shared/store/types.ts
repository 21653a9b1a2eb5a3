import type { SealedArtifact } from '../evidence/artifact.js';

/** What the store knows about one stored artifact. */
export interface StoredArtifact {
  /** Object key: evidence/<collector>/<yyyy>/<mm>/<dd>/<collectedAt>_<sha256>.json */
  readonly key: string;
  readonly sha256: string;
  readonly size: number;
  readonly collector: string;
  readonly collectedAt: string;
  readonly observedAt: string;
  /** False when an identical artifact was already stored (the put was a no-op). */
  readonly created: boolean;
}

/** Object Lock retention applied to every write. */
export interface RetentionPolicy {
  readonly mode: 'COMPLIANCE' | 'GOVERNANCE';
  /** Days from the write time until the object may be deleted. */
  readonly days: number;
}

/**
 * Create-only, content-addressed evidence storage. Implemented on S3 (deployed platform) and on a
 * local directory (the local locker); both pass the same contract tests.
 */
export interface EvidenceStore {
  /** Stores an artifact once; a re-put of identical content returns the existing record with created=false. */
  put(artifact: SealedArtifact): Promise<StoredArtifact>;
  /** Reads an artifact back, rehashing it; throws IntegrityError on any mismatch. */
  get(key: string, expectedSha256?: string): Promise<SealedArtifact>;
  /**
   * Reads an artifact's bytes, checked only against its hash (the key's and `expectedSha256`). A matching
   * SHA-256 proves the bytes are exactly those sealed and validated at write time, so bulk readers such as
   * the snapshot builder skip re-parsing; use `get` when the envelope is needed.
   */
  getBytes(key: string, expectedSha256: string): Promise<Buffer>;
  /** Lists stored artifact keys under a collector (and optional day prefix yyyy/mm/dd). */
  list(collector?: string, dayPrefix?: string): AsyncIterable<string>;
}

/** The deterministic key of an artifact. */
export function artifactKey(collector: string, collectedAt: string, sha256: string): string {
  const d = new Date(collectedAt);
  if (Number.isNaN(d.getTime())) throw new RangeError(`collectedAt is not a timestamp: ${collectedAt}`);
  const yyyy = String(d.getUTCFullYear()).padStart(4, '0');
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(d.getUTCDate()).padStart(2, '0');
  return `evidence/${collector}/${yyyy}/${mm}/${dd}/${d.toISOString()}_${sha256}.json`;
}

/** Parses a key produced by artifactKey; undefined when it is not one. */
export function parseArtifactKey(
  key: string,
): { collector: string; collectedAt: string; sha256: string } | undefined {
  const m = /^evidence\/([a-z0-9-]+)\/\d{4}\/\d{2}\/\d{2}\/([^_/]+)_([0-9a-f]{64})\.json$/.exec(key);
  return m ? { collector: m[1]!, collectedAt: m[2]!, sha256: m[3]! } : undefined;
}
