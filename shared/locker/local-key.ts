import { createPrivateKey, randomUUID } from 'node:crypto';
import { chmod, link, mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError } from '../errors.js';
import { LocalSigner } from '../ledger/signer.js';

/** Where the locker keeps its checkpoint signing key, relative to the locker directory. */
export const SIGNING_KEY_PATH = join('keys', 'checkpoint-signing.pem');

/**
 * The locker's checkpoint signing key: a P-256 PKCS#8 PEM at `<locker>/keys/checkpoint-signing.pem`,
 * mode 0600 in a 0700 directory. Created on first use: written to a temporary file and hard-linked
 * into place, so two processes starting together end up with the same key and a crash never leaves a
 * half-written one. A key that group or others can read is refused, as ssh does.
 */
export async function loadOrCreateLocalKey(lockerDir: string): Promise<LocalSigner> {
  const dir = join(lockerDir, 'keys');
  const path = join(lockerDir, SIGNING_KEY_PATH);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const existing = await readKey(path);
  if (existing) return existing;

  const tmp = `${path}.${randomUUID()}.tmp`;
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(LocalSigner.generate().privateKeyPem());
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await chmod(tmp, 0o600); // the umask may have narrowed it already; never widened
    await link(tmp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(tmp, { force: true });
  }
  return (await readKey(path))!;
}

async function readKey(path: string): Promise<LocalSigner | undefined> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const { mode } = await stat(path);
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new ValidationError('locker signing key', [
      `${path} is readable by group or others (mode ${(mode & 0o777).toString(8)}): chmod 600 it`,
    ]);
  }
  let curve: string | undefined;
  try {
    curve = createPrivateKey(pem).asymmetricKeyDetails?.namedCurve;
  } catch (cause) {
    throw new ValidationError('locker signing key', [`${path} is not a readable private key PEM`], { cause });
  }
  if (curve !== 'prime256v1')
    throw new ValidationError('locker signing key', [
      `${path} is not an ECDSA P-256 key (curve ${curve ?? 'none'})`,
    ]);
  return LocalSigner.fromPrivateKeyPem(pem);
}
