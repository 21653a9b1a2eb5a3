/**
 * Create-only storage for manual evidence: the uploaded files and the statement bytes that are their log
 * leaves. The same bucket or locker directory as the collected evidence, under its own prefixes. Every read
 * is rehashed against the hash the caller expects (the one the log recorded).
 */
export interface BlobStore {
  /** Writes once; an identical re-put is a no-op (created=false); a differing stored object is an IntegrityError. */
  put(key: string, bytes: Buffer, contentType: string): Promise<{ created: boolean }>;
  get(key: string, expectedSha256: string): Promise<Buffer>;
}
