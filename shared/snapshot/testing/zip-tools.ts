import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import zlib from 'node:zlib';
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

/**
 * Writes `files` (stored) into a zip with `bombPath` holding `bombBytes` zeros (a whole number of MiB) instead, added
 * or replacing that file: a zip bomb for the verifier's bounds (tests and benchmarks). The deflate stream is one
 * full-flushed 1 MiB block repeated (a full flush resets the dictionary, so copies concatenate) and a final empty
 * block, about 1 KB per MiB, so a 1 GiB bomb takes a second to write.
 */
export async function writeBomb(
  path: string,
  files: ReadonlyMap<string, Buffer>,
  bombPath: string,
  bombBytes: number,
): Promise<void> {
  const MiB = 1024 * 1024;
  const zero = Buffer.alloc(MiB);
  const block = zlib.deflateRawSync(zero, { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  const copies = Math.ceil(bombBytes / MiB);
  let crc = 0;
  for (let i = 0; i < copies; i++) crc = zlib.crc32(zero, crc);
  const bomb = {
    crc,
    size: copies * MiB,
    data: Buffer.concat([...Array<Buffer>(copies).fill(block), zlib.deflateRawSync(Buffer.alloc(0))]),
    method: 8,
  };
  const entries = [...files]
    .filter(([p]) => p !== bombPath)
    .map(([p, b]) => [p, { crc: zlib.crc32(b), size: b.length, data: b, method: 0 }] as const);
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, e] of [...entries, [bombPath, bomb] as const]) {
    const n = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(n.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    local.copy(cd, 10, 8, 28); // method, time, date, crc, sizes
    cd.writeUInt16LE(n.length, 28);
    cd.writeUInt32LE(offset, 42);
    parts.push(local, n, e.data);
    central.push(cd, n);
    offset += 30 + n.length + e.data.length;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length + 1, 8);
  end.writeUInt16LE(entries.length + 1, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  await writeFile(path, Buffer.concat([...parts, cdBytes, end]));
}
