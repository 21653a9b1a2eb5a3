import * as z from 'zod';
import { ValidationError, formatIssues } from '../errors.js';
import { canonicalBytes } from '../evidence/canonical.js';
import type { SignedCheckpoint } from '../ledger/types.js';

/** Version tag of the snapshot format. */
export const SNAPSHOT_SCHEMA = 'flux.snapshot/v1';

/** Version tag of the signed statement that names the manifest's SHA-256. */
export const MANIFEST_STATEMENT_SCHEMA = 'flux.manifest-statement/v1';

/**
 * Files that are not listed in the manifest: the manifest itself, the statement naming its SHA-256, the signature
 * over that statement and the checksums derived from the manifest.
 */
export const UNLISTED_FILES: readonly string[] = [
  'manifest.json',
  'manifest.statement.json',
  'manifest.sig',
  'SHA256SUMS',
];

/**
 * The exact bytes of manifest.statement.json, which manifest.sig signs (ECDSA P-256 over SHA-256, DER): a small RAW
 * message whatever the manifest's size, so one signing path serves every snapshot (KMS signs at most 4 KB RAW).
 * Written as a fixed template so an auditor can rebuild it with printf and compare it byte for byte.
 */
export function manifestStatement(manifestSha256: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(manifestSha256))
    throw new ValidationError('manifest statement', ['manifestSha256: expected 64 lower-case hex digits']);
  return Buffer.from(
    `{"manifestSha256":"${manifestSha256}","statement":"${MANIFEST_STATEMENT_SCHEMA}"}`,
    'utf8',
  );
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256');

const checkpointSchema = z.strictObject({
  checkpoint: z.strictObject({
    origin: z.string().min(1),
    treeSize: z.number().int().nonnegative(),
    rootHash: hex64,
    timestamp: z.iso.datetime(),
  }),
  signature: z.string().min(1),
  keyId: z.string().min(1),
});

/**
 * One archived file: its path inside the zip, SHA-256 (hex) and size in bytes.
 * @public for tools that read snapshot manifests.
 */
export const ManifestFileSchema = z.strictObject({
  path: z.string().min(1),
  sha256: hex64,
  size: z.number().int().nonnegative(),
});
export type ManifestFile = z.infer<typeof ManifestFileSchema>;

/**
 * The signed table of contents of a snapshot, apart from `files` (checked by hand in parseManifest: a manifest may
 * list hundreds of thousands of files, and a schema copy of each would double the verifier's memory).
 */
const ManifestHeadSchema = z.strictObject({
  schema: z.literal(SNAPSHOT_SCHEMA),
  framework: z.string().min(1),
  window: z.strictObject({
    start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    end: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    timeZone: z.string().optional(),
  }),
  controls: z.array(z.string().min(1)),
  createdAt: z.iso.datetime(),
  toolVersion: z.string().min(1),
  checkpoint: checkpointSchema,
  startCheckpoint: checkpointSchema.optional(),
  files: z.array(z.unknown()),
});

const HEX64 = /^[0-9a-f]{64}$/;
const MAX_LISTED_ISSUES = 20;

/** Problems of the manifest's file list: shape of each entry, safe sorted unique paths, never an unlisted file. */
function fileListIssues(files: readonly unknown[]): string[] {
  const issues: string[] = [];
  let prev: string | undefined;
  for (let i = 0; i < files.length && issues.length < MAX_LISTED_ISSUES; i++) {
    const f = files[i] as Record<string, unknown> | null;
    const at = `files.${i}`;
    if (typeof f !== 'object' || f === null || Array.isArray(f)) {
      issues.push(`${at}: not an object`);
      continue;
    }
    const keys = Object.keys(f);
    if (keys.length !== 3 || !('path' in f && 'sha256' in f && 'size' in f))
      issues.push(`${at}: expected exactly path, sha256 and size`);
    if (typeof f.path !== 'string') issues.push(`${at}.path: not a string`);
    else {
      const problem = zipPathProblem(f.path);
      if (problem) issues.push(`${at}.path: ${problem}`);
      if (prev !== undefined && !(prev < f.path))
        issues.push(`${at}.path: files are not sorted by path or repeat a path`);
      if (UNLISTED_FILES.includes(f.path))
        issues.push(`${at}.path: this file is never listed in the manifest`);
      prev = f.path;
    }
    if (typeof f.sha256 !== 'string' || !HEX64.test(f.sha256))
      issues.push(`${at}.sha256: a lower-case hex SHA-256`);
    if (typeof f.size !== 'number' || !Number.isSafeInteger(f.size) || f.size < 0)
      issues.push(`${at}.size: a whole number of bytes`);
  }
  return issues;
}

export interface Manifest {
  readonly schema: typeof SNAPSHOT_SCHEMA;
  readonly framework: string;
  readonly window: { readonly start: string; readonly end: string; readonly timeZone?: string };
  readonly controls: readonly string[];
  readonly createdAt: string;
  readonly toolVersion: string;
  readonly checkpoint: SignedCheckpoint;
  readonly startCheckpoint?: SignedCheckpoint;
  readonly files: readonly ManifestFile[];
}

/** Parses manifest JSON (the file entries are used as given, not copied); throws ValidationError listing problems. */
export function parseManifest(raw: unknown): Manifest {
  const r = ManifestHeadSchema.safeParse(raw);
  if (!r.success) throw new ValidationError('snapshot manifest', formatIssues(r.error.issues));
  const issues = fileListIssues(r.data.files);
  if (issues.length) throw new ValidationError('snapshot manifest', issues);
  return { ...r.data, files: r.data.files as ManifestFile[] } as Manifest;
}

/** The exact bytes of manifest.json (RFC 8785 canonical JSON), which the manifest statement names. */
export function manifestBytes(manifest: Manifest): Buffer {
  return Buffer.concat([...manifestChunks(manifest)]);
}

/** Whether `bytes` are exactly manifestBytes(manifest), compared chunk by chunk (no second copy of a large list). */
export function isManifestBytes(manifest: Manifest, bytes: Buffer): boolean {
  let at = 0;
  for (const chunk of manifestChunks(manifest)) {
    // Stryker disable next-line ConditionalExpression,ArithmeticOperator: the length test only spares a comparison (a short subarray never equals the chunk)
    if (at + chunk.length > bytes.length || !chunk.equals(bytes.subarray(at, at + chunk.length)))
      return false;
    at += chunk.length;
  }
  return at === bytes.length;
}

/** Whether `bytes` are exactly sha256Sums(manifest), compared line by line. */
export function isSha256Sums(manifest: Manifest, bytes: Buffer): boolean {
  let at = 0;
  for (const f of manifest.files) {
    const line = Buffer.from(`${f.sha256}  ${f.path}\n`, 'utf8');
    if (!line.equals(bytes.subarray(at, at + line.length))) return false;
    at += line.length;
  }
  return at === bytes.length;
}

function* manifestChunks(manifest: Manifest): Generator<Buffer> {
  // The file list is most of the manifest (two entries per artifact): it is written directly instead of going through
  // JSON.parse/canonicalize, which would hold several copies of it. For {path, sha256, size} with an integer size,
  // JSON.stringify in that key order is RFC 8785 output (JCS strings and numbers are ECMAScript's JSON.stringify).
  const { files, ...rest } = manifest;
  const head = canonicalBytes(JSON.parse(JSON.stringify({ ...rest, files: [] })) as unknown).toString('utf8');
  const slot = head.indexOf('"files":[]'); // a top-level key: inside a string value the quotes would be escaped
  yield Buffer.from(head.slice(0, slot + 9), 'utf8');
  const BATCH = 4096;
  for (let i = 0; i < files.length; i += BATCH) {
    const part = files.slice(i, i + BATCH).map((f) => {
      if (!Number.isSafeInteger(f.size))
        throw new ValidationError('snapshot manifest', [`${f.path}: bad size`]);
      return JSON.stringify({ path: f.path, sha256: f.sha256, size: f.size });
    });
    yield Buffer.from((i > 0 ? ',' : '') + part.join(','), 'utf8');
  }
  yield Buffer.from(head.slice(slot + 9), 'utf8');
}

/** Sorts files by path in code-unit order (the order `sha256sum -c` and the manifest use). */
export function sortFiles(files: readonly ManifestFile[]): ManifestFile[] {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: V8's sort only asks whether the result is below 0
  return [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** `SHA256SUMS` in the `sha256sum` text format (`<hex>  <path>`), one line per manifest file. */
export function sha256Sums(manifest: Manifest): Buffer {
  return Buffer.from(manifest.files.map((f) => `${f.sha256}  ${f.path}\n`).join(''), 'utf8');
}

const SAFE_PATH = /^[A-Za-z0-9._:@+=,-]+(\/[A-Za-z0-9._:@+=,-]+)*$/;

/**
 * Why a path may not be used inside a snapshot (undefined when it may): absolute paths, backslashes, `..` or `.`
 * segments, empty segments and characters outside a conservative set (no spaces, quotes or control characters, so
 * `sha256sum -c` and shells read every line as written).
 */
export function zipPathProblem(path: string): string | undefined {
  if (path.length === 0) return 'path is empty';
  if (path.length > 512) return 'path is longer than 512 characters';
  if (path.includes('\\')) return `path ${JSON.stringify(path)} contains a backslash`;
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return `path ${JSON.stringify(path)} is absolute`;
  const segments = path.split('/');
  if (segments.some((s) => s === '..' || s === '.'))
    return `path ${JSON.stringify(path)} contains a '..' or '.' segment`;
  if (path.includes('..')) return `path ${JSON.stringify(path)} contains '..'`;
  if (!SAFE_PATH.test(path))
    return `path ${JSON.stringify(path)} has an empty segment or a character outside [A-Za-z0-9._:@+=,-/]`;
  return undefined;
}
