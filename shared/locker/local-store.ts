import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeOnce } from './write-once.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { DEFAULT_MAX_ARTIFACT_BYTES, type SealedArtifact } from '../evidence/artifact.js';
import { checkStoredArtifact, checkStoredHash, preparePut, requireArtifactKey } from '../store/check.js';
import { parseArtifactKey, type EvidenceStore, type StoredArtifact } from '../store/types.js';

/**
 * The local locker's evidence store: a directory with the same key layout as the S3 bucket. Writes are
 * create-only (written to a temporary file, then hard-linked into place, which fails if the key exists)
 * and files are made read-only. It is tamper-evident through the ledger, not tamper-proof like Object Lock.
 */
export class LocalEvidenceStore implements EvidenceStore {
  constructor(
    private readonly root: string,
    private readonly maxBytes: number = DEFAULT_MAX_ARTIFACT_BYTES,
  ) {}

  async put(artifact: SealedArtifact): Promise<StoredArtifact> {
    const { bytes, key, record } = preparePut(artifact, this.maxBytes);
    const created = await writeOnce(
      join(this.root, key),
      bytes,
      `stored object ${key} differs from the artifact its key names`,
      { key, root: this.root },
    );
    return record(created);
  }

  async get(key: string, expectedSha256?: string): Promise<SealedArtifact> {
    return checkStoredArtifact(key, await this.read(key), expectedSha256, { root: this.root });
  }

  async getBytes(key: string, expectedSha256: string): Promise<Buffer> {
    return checkStoredHash(key, await this.read(key), expectedSha256, { root: this.root });
  }

  private async read(key: string): Promise<Buffer> {
    requireArtifactKey(key);
    try {
      return await readFile(join(this.root, key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new NotFoundError('artifact', key, { cause: error });
      throw error;
    }
  }

  async *list(collector?: string, dayPrefix?: string): AsyncIterable<string> {
    if (dayPrefix !== undefined && (collector === undefined || !/^\d{4}(?:\/\d{2}){0,2}$/.test(dayPrefix))) {
      throw new ValidationError('list prefix', [
        `dayPrefix "${dayPrefix}" needs a collector and the form yyyy[/mm[/dd]]`,
      ]);
    }
    const base = ['evidence', collector, dayPrefix].filter((p) => p !== undefined).join('/');
    const keys: string[] = [];
    await walk(join(this.root, base), base, keys);
    yield* keys.filter((k) => parseArtifactKey(k)).sort();
  }
}

async function walk(dir: string, rel: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const e of entries) {
    if (e.isDirectory()) await walk(join(dir, e.name), `${rel}/${e.name}`, out);
    else if (e.name.endsWith('.json')) out.push(`${rel}/${e.name}`);
  }
}
