import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { IntegrityError } from '../errors.js';

/**
 * Writes `bytes` to `path` create-only: a read-only temporary file, synced, then hard-linked into place, so a crash
 * never leaves a partial file at `path`. Returns true when this call created it; an identical existing file is a
 * no-op (false); a differing one is an IntegrityError (`differs` is its message, `details` its context).
 */
export async function writeOnce(
  path: string,
  bytes: Buffer,
  differs: string,
  details: Record<string, unknown>,
): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomUUID()}.tmp`;
  const fh = await open(tmp, 'wx', 0o444);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await link(tmp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(tmp, { force: true });
  }
  if (!(await readFile(path)).equals(bytes))
    throw new IntegrityError('existing-object-differs', differs, details);
  return false;
}
