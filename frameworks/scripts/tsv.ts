import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../../shared/errors.js';

/** One TSV row keyed by header name; every cell is a trimmed string. */
export type Row = Readonly<Record<string, string>>;

/**
 * Reads a UTF-8 TSV file with a header row (the reference files use no quoting). Fails on a row whose
 * cell count differs from the header's, so a truncated or shifted file cannot slip through.
 */
export function readTsv(dir: string, file: string, requiredColumns: readonly string[] = []): Row[] {
  const lines = readFileSync(join(dir, file), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const header = (lines.shift() ?? '').split('\t');
  const missing = requiredColumns.filter((c) => !header.includes(c));
  if (missing.length > 0)
    throw new ValidationError(
      file,
      missing.map((c) => `missing column ${c}`),
    );
  return lines.map((line, i) => {
    const cells = line.split('\t');
    if (cells.length !== header.length) {
      throw new ValidationError(file, [`line ${i + 2}: ${cells.length} cells, header has ${header.length}`]);
    }
    return Object.fromEntries(header.map((h, j) => [h, (cells[j] ?? '').trim()]));
  });
}

/** Splits a comma-separated cell into trimmed, non-empty items. */
export function list(cell: string | undefined): string[] {
  return (cell ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && s !== '-');
}

/** Lower-case kebab slug of a label ("Processing Integrity" -> "processing-integrity"). */
export function slug(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
