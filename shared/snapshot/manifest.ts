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

/** One archived file: its path inside the zip, SHA-256 (hex) and size in bytes. */
export const ManifestFileSchema = z.strictObject({
  path: z.string().min(1),
  sha256: hex64,
  size: z.number().int().nonnegative(),
});
export type ManifestFile = z.infer<typeof ManifestFileSchema>;

/** The signed table of contents of a snapshot. `files` is sorted by path (code-unit order). */
export const ManifestSchema = z
  .strictObject({
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
    files: z.array(ManifestFileSchema),
  })
  .superRefine((m, ctx) => {
    for (let i = 0; i < m.files.length; i++) {
      const issue = zipPathProblem(m.files[i]!.path);
      if (issue) ctx.addIssue({ code: 'custom', path: ['files', i, 'path'], message: issue });
      if (i > 0 && !(m.files[i - 1]!.path < m.files[i]!.path)) {
        ctx.addIssue({
          code: 'custom',
          path: ['files', i, 'path'],
          message: 'files are not sorted by path or repeat a path',
        });
      }
      if (UNLISTED_FILES.includes(m.files[i]!.path)) {
        ctx.addIssue({
          code: 'custom',
          path: ['files', i, 'path'],
          message: 'this file is never listed in the manifest',
        });
      }
    }
  });

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

/** Parses manifest JSON; throws ValidationError listing every problem. */
export function parseManifest(raw: unknown): Manifest {
  const r = ManifestSchema.safeParse(raw);
  if (!r.success) throw new ValidationError('snapshot manifest', formatIssues(r.error.issues));
  return r.data as Manifest;
}

/** The exact bytes of manifest.json (RFC 8785 canonical JSON), which manifest.sig signs. */
export function manifestBytes(manifest: Manifest): Buffer {
  // The file list is most of the manifest (two entries per artifact): it is written directly instead of going through
  // JSON.parse/canonicalize, which would hold several copies of it. For {path, sha256, size} with an integer size,
  // JSON.stringify in that key order is RFC 8785 output (JCS strings and numbers are ECMAScript's JSON.stringify).
  const { files, ...rest } = manifest;
  const head = canonicalBytes(JSON.parse(JSON.stringify({ ...rest, files: [] })) as unknown).toString('utf8');
  const slot = head.indexOf('"files":[]'); // a top-level key: inside a string value the quotes would be escaped
  const list = files
    .map((f) => {
      if (!Number.isSafeInteger(f.size))
        throw new ValidationError('snapshot manifest', [`${f.path}: bad size`]);
      return JSON.stringify({ path: f.path, sha256: f.sha256, size: f.size });
    })
    .join(',');
  return Buffer.from(`${head.slice(0, slot + 9)}${list}${head.slice(slot + 9)}`, 'utf8');
}

/** Sorts files by path in code-unit order (the order `sha256sum -c` and the manifest use). */
export function sortFiles(files: readonly ManifestFile[]): ManifestFile[] {
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
