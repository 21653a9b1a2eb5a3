import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { sha256Hex } from '../../evidence/canonical.js';
import type { Signer } from '../../ledger/types.js';
import {
  UNLISTED_FILES,
  manifestBytes,
  manifestStatement,
  parseManifest,
  sha256Sums,
  sortFiles,
  type Manifest,
} from '../manifest.js';
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

/**
 * Rewrites manifest.json, its statement and SHA256SUMS after files changed, and signs the statement with `signer`:
 * what a key holder (or, with another key, a forger) can do to an archive.
 */
export async function resign(
  f: Map<string, Buffer>,
  signer: Signer,
  edit: (m: Manifest) => Manifest = (m) => m,
): Promise<void> {
  const old = parseManifest(JSON.parse(f.get('manifest.json')!.toString()));
  const listed = sortFiles(
    [...f.entries()]
      .filter(([p]) => !UNLISTED_FILES.includes(p))
      .map(([path, b]) => ({ path, sha256: sha256Hex(b), size: b.length })),
  );
  const m = edit({ ...old, files: listed });
  const bytes = manifestBytes(m);
  f.set('manifest.json', bytes);
  f.set('SHA256SUMS', sha256Sums(m));
  const statement = manifestStatement(sha256Hex(bytes));
  f.set('manifest.statement.json', statement);
  f.set('manifest.sig', await signer.sign(statement));
}

/** `bytes` zeros as a stream, 1 MiB at a time. */
function zeros(bytes: number): Readable {
  const chunk = Buffer.alloc(1024 * 1024);
  let left = bytes;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const n = Math.min(left, chunk.length);
      left -= n;
      this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
}

/**
 * Writes `files` into a zip with `bombPath` holding `bombBytes` zeros instead (added, or replacing that file), deflated
 * at level 1 (about 4.6 MB for 1 GiB): a zip bomb for the verifier's bounds (tests and benchmarks).
 */
export async function writeBomb(
  path: string,
  files: ReadonlyMap<string, Buffer>,
  bombPath: string,
  bombBytes: number,
): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [p, b] of files) if (p !== bombPath) zip.addBuffer(b, p);
  zip.addReadStream(zeros(bombBytes), bombPath, { compressionLevel: 1 } as yazl.ReadStreamOptions);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));
}
