import { createHash } from 'node:crypto';
import yauzl from 'yauzl';

/** One file read from a zip: its hash and size, and its bytes when the caller asked to keep them. */
export interface ZipFileRead {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  readonly bytes?: Buffer;
}

/** An entry of the zip's central directory: what the archive claims, before any byte is inflated. */
export interface ZipEntryInfo {
  readonly path: string;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
}

/** Most entries a snapshot zip may list (the central directory is read into memory). */
const MAX_ZIP_ENTRIES = 1_000_000;

/** An entry inflated past its cap: the archive holds more bytes than the manifest (or the limit) allows. */
export class EntryTooLargeError extends Error {
  constructor(
    readonly path: string,
    readonly cap: number,
  ) {
    super(`${path} inflates to more than ${cap} bytes`);
  }
}

/**
 * A zip opened for bounded reading: the central directory is listed first (nothing inflated), then entries are
 * streamed one at a time on request, each cut off at a caller-given byte cap, so a zip bomb costs at most the cap
 * in time and one stream buffer in memory.
 */
export class BoundedZip {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly byPath: Map<string, yauzl.Entry[]>,
    readonly entries: readonly ZipEntryInfo[],
  ) {}

  /** Opens `path` and lists its central directory; throws if it is not a readable zip or lists too many entries. */
  static async open(path: string): Promise<BoundedZip> {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(
        path,
        { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true },
        (err, z) => (err ? reject(err) : resolve(z)),
      ),
    );
    if (zip.entryCount > MAX_ZIP_ENTRIES) {
      zip.close();
      throw new Error(`the archive lists ${zip.entryCount} entries, more than ${MAX_ZIP_ENTRIES}`);
    }
    const byPath = new Map<string, yauzl.Entry[]>();
    const entries: ZipEntryInfo[] = [];
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (err: Error) => {
        zip.close();
        reject(err);
      });
      zip.on('end', () => resolve());
      zip.on('entry', (e: yauzl.Entry) => {
        if (!e.fileName.endsWith('/')) {
          const list = byPath.get(e.fileName) ?? [];
          list.push(e);
          byPath.set(e.fileName, list);
          entries.push({
            path: e.fileName,
            compressedSize: e.compressedSize,
            uncompressedSize: e.uncompressedSize,
          });
        }
        zip.readEntry();
      });
      zip.readEntry();
    });
    return new BoundedZip(zip, byPath, entries);
  }

  /** Paths listed more than once. */
  duplicates(): string[] {
    return [...this.byPath].filter(([, list]) => list.length > 1).map(([p]) => p);
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  /**
   * Streams the (first) entry at `path`, hashing it; keeps its bytes when `keep`. Refuses before inflating when the
   * directory claims more than `cap` bytes, and stops with EntryTooLargeError as soon as more than `cap` arrive.
   */
  async read(path: string, cap: number, keep: boolean): Promise<ZipFileRead> {
    const entry = this.byPath.get(path)?.[0];
    if (!entry) throw new Error(`${path} is not in the archive`);
    if (entry.uncompressedSize > cap) throw new EntryTooLargeError(path, cap);
    const stream = await new Promise<NodeJS.ReadableStream & { destroy(): void }>((resolve, reject) =>
      this.zip.openReadStream(entry, (err, s) =>
        err ? reject(err) : resolve(s as NodeJS.ReadableStream & { destroy(): void }),
      ),
    );
    const hash = createHash('sha256');
    // Kept bytes go straight into one buffer of the declared size (yauzl fails the stream if it inflates to more).
    const kept = keep ? Buffer.allocUnsafe(entry.uncompressedSize) : undefined;
    let size = 0;
    for await (const c of stream as AsyncIterable<Buffer>) {
      if (size + c.length > cap || (kept && size + c.length > kept.length)) {
        stream.destroy();
        throw new EntryTooLargeError(path, cap);
      }
      hash.update(c);
      kept?.set(c, size);
      size += c.length;
    }
    return { path, sha256: hash.digest('hex'), size, ...(kept ? { bytes: kept.subarray(0, size) } : {}) };
  }

  close(): void {
    this.zip.close();
  }
}

/**
 * Reads a zip entry by entry, hashing each file as it streams; `keep(path)` says whether to hand the bytes to
 * `onFile` too. For archives the caller made (tests, the demo): no per-entry cap.
 */
export async function readZip(
  path: string,
  keep: (path: string) => boolean,
  onFile: (file: ZipFileRead) => void,
): Promise<void> {
  const zip = await BoundedZip.open(path);
  try {
    for (const e of zip.entries) onFile(await zip.read(e.path, Number.MAX_SAFE_INTEGER, keep(e.path)));
  } finally {
    zip.close();
  }
}
