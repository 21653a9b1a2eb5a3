import { createHash } from 'node:crypto';
import yauzl from 'yauzl';

/** One file read from a zip: its hash and size, and its bytes when the caller asked to keep them. */
export interface ZipFileRead {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  readonly bytes?: Buffer;
}

/**
 * Reads a zip entry by entry (yauzl, lazy), hashing each file as it streams. `keep(path)` says whether to hand the
 * bytes to `onFile` too; only one file's bytes are held at a time. Directory entries are skipped.
 */
export async function readZip(
  path: string,
  keep: (path: string) => boolean,
  onFile: (file: ZipFileRead) => void,
): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true }, (err, z) =>
      err ? reject(err) : resolve(z),
    ),
  );
  await new Promise<void>((resolve, reject) => {
    const fail = (err: Error) => {
      zip.close();
      reject(err);
    };
    zip.on('error', fail);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      zip.openReadStream(entry, (err, stream) => {
        if (err) return fail(err);
        const hash = createHash('sha256');
        const chunks: Buffer[] | undefined = keep(entry.fileName) ? [] : undefined;
        let size = 0;
        stream.on('data', (c: Buffer) => {
          hash.update(c);
          size += c.length;
          chunks?.push(c);
        });
        stream.on('error', fail);
        stream.on('end', () => {
          try {
            onFile({
              path: entry.fileName,
              sha256: hash.digest('hex'),
              size,
              ...(chunks ? { bytes: Buffer.concat(chunks) } : {}),
            });
          } catch (e) {
            return fail(e as Error);
          }
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
}
