import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { readZip } from '../zip-read.js';

/** Reads every file of a (small) zip into memory, for tamper tests. */
export async function readAll(path: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  await readZip(
    path,
    () => true,
    (f) => out.set(f.path, f.bytes!),
  );
  return out;
}

/** Writes files into a new zip (tamper tests). */
export async function writeAll(path: string, files: ReadonlyMap<string, Buffer>): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [p, b] of files) zip.addBuffer(b, p);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));
}
