// The reading phase of `verifySnapshot`: the archive is opened, its central directory listed and the manifest read
// first; then only files the manifest lists are inflated, each capped at its listed size, within an overall
// inflation ratio. A zip bomb costs no more than its listed sizes, and those are refused when out of proportion.
import { statSync } from 'node:fs';
import { isCanonicalJson } from './canonical-check.js';
import {
  UNLISTED_FILES,
  isManifestBytes,
  parseManifest,
  type Manifest,
  type ManifestFile,
} from './manifest.js';
import { message } from './verify-checks.js';
import { BoundedZip, EntryTooLargeError, type ZipFileRead } from './zip-read.js';

/**
 * Largest manifest.json read: 32 MiB lists about 170,000 files, which verify checks within 512 MB. A larger
 * manifest is refused before it is parsed (a window that large is split into several snapshots).
 */
const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;
/** Largest manifest.statement.json and manifest.sig read. */
const MAX_SMALL_BYTES = 4096;
/** Largest ratio of listed (inflated) bytes to the zip's size, once above MIN_INFLATION_BUDGET. */
const MAX_INFLATION_RATIO = 100;
const MIN_INFLATION_BUDGET = 64 * 1024 * 1024;

const EVIDENCE = /^evidence\/.*_([0-9a-f]{64})\.json$/;
/** Listed files hashed but not kept in memory. */
const HASH_ONLY = (p: string) => p.startsWith('oscal/') || p === 'index.html';

/** What the reading phase hands to the checks. */
export interface ArchiveRead {
  readonly problems: string[];
  readonly files: Map<string, ZipFileRead>;
  readonly manifest?: Manifest;
  readonly manifestBytes?: Buffer;
  readonly manifestProblem?: string;
  /** Evidence path -> SHA-256 of its bytes. */
  readonly evidence: Map<string, string>;
  readonly badNames: string[];
  readonly notCanonical: string[];
  /** Files present but not listed (never inflated). */
  readonly unlisted: string[];
  /** Listed files whose bytes were refused (too large or a size mismatch), never fully inflated. */
  readonly refused: string[];
}

/** Reads a snapshot within bounds; never throws for a bad archive (problems are returned). */
export async function readArchive(zipPath: string): Promise<ArchiveRead> {
  const out: ArchiveRead = {
    problems: [],
    files: new Map(),
    evidence: new Map(),
    badNames: [],
    notCanonical: [],
    unlisted: [],
    refused: [],
  };
  let zip: BoundedZip;
  try {
    zip = await BoundedZip.open(zipPath);
  } catch (err) {
    out.problems.push(`not a readable zip archive (${message(err)})`);
    return out;
  }
  try {
    out.problems.push(...zip.duplicates().map((d) => `duplicate entry ${d}`));
    const small = async (path: string, cap: number) => {
      if (!zip.has(path)) return;
      try {
        out.files.set(path, await zip.read(path, cap, true));
      } catch (err) {
        out.refused.push(
          err instanceof EntryTooLargeError ? err.message : `${path}: cannot be read (corrupt entry)`,
        );
      }
    };
    await small('manifest.json', MAX_MANIFEST_BYTES);
    await small('manifest.statement.json', MAX_SMALL_BYTES);
    await small('manifest.sig', MAX_SMALL_BYTES);
    const read = parseManifestBytes(out.files.get('manifest.json')?.bytes);
    if ('problem' in read) return { ...out, manifestProblem: read.problem };
    const { manifest, bytes } = read;

    const total = manifest.files.reduce((a, f) => a + f.size, 0);
    const zipSize = statSync(zipPath).size;
    if (total > Math.max(MIN_INFLATION_BUDGET, MAX_INFLATION_RATIO * zipSize)) {
      out.problems.push(
        `the manifest lists ${total} bytes for a ${zipSize}-byte archive, more than ${MAX_INFLATION_RATIO}:1: refused unread`,
      );
      return { ...out, manifest, manifestBytes: bytes };
    }
    const listed = new Map(manifest.files.map((f) => [f.path, f]));
    for (const e of zip.entries)
      if (!listed.has(e.path) && !UNLISTED_FILES.includes(e.path)) out.unlisted.push(e.path);
    await small('SHA256SUMS', total + 1024 * manifest.files.length);
    // One entry is read ahead while the current one is checked: file reads overlap hashing and the JSON checks.
    const present = manifest.files.filter((f) => zip.has(f.path));
    const start = (f: ManifestFile) =>
      zip.read(f.path, f.size, !HASH_ONLY(f.path)).then(
        (got) => ({ got }),
        () => ({ got: undefined }),
      );
    let next = present.length ? start(present[0]!) : undefined;
    for (let i = 0; i < present.length; i++) {
      const f = present[i]!;
      const { got } = await next!;
      next = i + 1 < present.length ? start(present[i + 1]!) : undefined;
      if (!got) {
        // Too large (ours) or corrupt / longer than its directory entry (yauzl): one plain message either way.
        out.refused.push(`${f.path}: cannot be read as ${f.size} bytes (the size the manifest lists)`);
        continue;
      }
      const m = EVIDENCE.exec(f.path);
      if (m) {
        out.evidence.set(f.path, got.sha256);
        if (m[1] !== got.sha256) out.badNames.push(`${f.path} hashes to ${got.sha256}`);
        if (!isCanonicalJson(got.bytes!)) out.notCanonical.push(f.path);
        out.files.set(f.path, { path: f.path, sha256: got.sha256, size: got.size });
      } else out.files.set(f.path, got);
    }
    return { ...out, manifest, manifestBytes: bytes };
  } finally {
    zip.close();
  }
}

function parseManifestBytes(bytes?: Buffer): { manifest: Manifest; bytes: Buffer } | { problem: string } {
  if (!bytes) return { problem: 'manifest.json is missing or larger than the limit' };
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { problem: 'manifest.json is not valid JSON' };
  }
  try {
    const manifest = parseManifest(raw);
    if (!isManifestBytes(manifest, bytes)) return { problem: 'manifest.json is not canonical JSON' };
    return { manifest, bytes };
  } catch (err) {
    return { problem: message(err) };
  }
}
