import { ValidationError } from '../errors.js';
import type { StatementKind } from '../ledger/leaf.js';

/** Largest manual evidence file accepted (100 MiB). */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

/** The document types accepted, by file extension. */
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  png: 'image/png',
  csv: 'text/csv',
  txt: 'text/plain',
  md: 'text/markdown',
};

/** The media type of a file name, or a ValidationError naming the accepted extensions. */
export function mediaTypeOf(fileName: string): { ext: string; mediaType: string } {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const mediaType = MEDIA_TYPES[ext];
  if (!mediaType) {
    throw new ValidationError('evidence file', [
      `${fileName}: unsupported type (accepted: ${Object.keys(MEDIA_TYPES).join(', ')})`,
    ]);
  }
  return { ext, mediaType };
}

/** Checks a file's size before anything is stored: not empty, not over the limit. */
export function checkFileSize(fileName: string, size: number, max = MAX_FILE_BYTES): void {
  if (size === 0) throw new ValidationError('evidence file', [`${fileName}: the file is empty (0 bytes)`]);
  if (size > max) {
    throw new ValidationError('evidence file', [
      `${fileName}: ${size} bytes is over the ${max}-byte limit (${Math.round(max / 1048576)} MiB)`,
    ]);
  }
}

/** The prefix uploaded files are kept under (a BlobStore lists it like a statement kind). */
export const MANUAL_FILES = 'manual-files';

/** Where an uploaded file is kept: content-addressed, so the same document is stored once. */
export function fileKey(sha256: string, ext: string): string {
  return `${MANUAL_FILES}/${sha256}.${ext}`;
}

/** Where a statement's bytes (its log leaf) are kept: `<kind>/<yyyy>/<mm>/<dd>/<sha256>.json`. */
export function statementKey(kind: StatementKind, at: string, sha256: string): string {
  const day = at.slice(0, 10).replaceAll('-', '/');
  return `${kind}/${day}/${sha256}.json`;
}
