import { createPublicKey, verify as verifySig } from 'node:crypto';
import { ValidationError } from '../errors.js';
import { canonicalBytes } from '../evidence/canonical.js';
import { keyFingerprint } from '../ledger/fingerprint.js';
import { verifyCheckpoint } from '../ledger/verify-checkpoint.js';
import { UNLISTED_FILES, parseManifest, sha256Sums, type Manifest } from './manifest.js';
import {
  consistencyCheck,
  inclusionCheck,
  message,
  resultsCheck,
  summarize,
  type SnapshotCheck,
} from './verify-checks.js';
import { readZip, type ZipFileRead } from './zip-read.js';
import { manualCheck } from './manual-verify.js';

export type { SnapshotCheck };

export interface VerifyResult {
  readonly ok: boolean;
  readonly checks: readonly SnapshotCheck[];
}

export interface VerifyOptions {
  /** The organisation's key, as an SPKI PEM or the hex SHA-256 fingerprint of its DER SPKI (colons allowed). */
  readonly pinnedKey?: string;
}

const EVIDENCE = /^evidence\/.*_([0-9a-f]{64})\.json$/;

/**
 * Checks a snapshot offline (no network, no AWS): every file against the signed manifest, nothing missing or extra,
 * the manifest and checkpoint signatures with the included key (and the pinned key when given), each evidence file's
 * name, canonical form and inclusion proof, and the consistency proof across the window. Never throws for a bad
 * snapshot: each failure is a named check. Throws ValidationError only for a malformed `pinnedKey`.
 */
export async function verifySnapshot(zipPath: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const pinned = options.pinnedKey === undefined ? undefined : pinnedFingerprint(options.pinnedKey);
  const files = new Map<string, ZipFileRead>();
  const duplicates: string[] = [];
  const evidence = new Map<string, string>(); // path -> sha256 of its bytes
  const badNames: string[] = [];
  const notCanonical: string[] = [];
  const checks: SnapshotCheck[] = [];
  const add = (name: string, problems: readonly string[], okDetail: string) =>
    checks.push({
      name,
      ok: problems.length === 0,
      detail: problems.length ? summarize(problems) : okDetail,
    });

  try {
    await readZip(
      zipPath,
      (p) => !p.startsWith('oscal/') && p !== 'index.html',
      (f) => {
        if (files.has(f.path)) duplicates.push(f.path);
        const m = EVIDENCE.exec(f.path);
        if (m) {
          evidence.set(f.path, f.sha256);
          if (m[1] !== f.sha256) badNames.push(`${f.path} hashes to ${f.sha256}`);
          if (!isCanonicalJson(f.bytes!)) notCanonical.push(f.path);
          files.set(f.path, { path: f.path, sha256: f.sha256, size: f.size });
        } else files.set(f.path, f);
      },
    );
    add(
      'archive',
      duplicates.map((d) => `duplicate entry ${d}`),
      `zip readable, ${files.size} files`,
    );
  } catch (err) {
    add('archive', [`zip cannot be read: ${(err as Error).message}`], '');
    return { ok: false, checks };
  }

  const text = (p: string) => files.get(p)?.bytes?.toString('utf8');
  let manifest: Manifest | undefined;
  const mBytes = files.get('manifest.json')?.bytes;
  try {
    if (!mBytes) throw new Error('manifest.json is missing');
    manifest = parseManifest(JSON.parse(mBytes.toString('utf8')));
    if (!canonicalBytes(JSON.parse(mBytes.toString('utf8'))).equals(mBytes))
      throw new Error('manifest.json is not canonical JSON');
    add(
      'manifest',
      [],
      `${manifest.files.length} files listed, framework ${manifest.framework}, window ${manifest.window.start} to ${manifest.window.end}`,
    );
  } catch (err) {
    add('manifest', [message(err)], '');
  }

  const pem = text('public-key.pem');
  let keyOk = false;
  try {
    if (!pem) throw new Error('public-key.pem is missing');
    const sig = files.get('manifest.sig')?.bytes;
    if (!sig) throw new Error('manifest.sig is missing');
    if (!mBytes) throw new Error('manifest.json is missing');
    keyOk = verifySig('sha256', mBytes, { key: createPublicKey(pem), dsaEncoding: 'der' }, sig);
    add(
      'manifest-signature',
      keyOk ? [] : ['manifest.sig does not verify over manifest.json with public-key.pem'],
      `signed by key ${keyFingerprint(pem)}`,
    );
  } catch (err) {
    add('manifest-signature', [message(err)], '');
  }
  if (pinned !== undefined) {
    let actual = '(none)';
    try {
      if (pem) actual = keyFingerprint(pem);
    } catch {
      actual = '(unreadable)';
    }
    add(
      'pinned-key',
      actual === pinned ? [] : [`public-key.pem has fingerprint ${actual}, not the pinned ${pinned}`],
      `key matches pinned fingerprint ${pinned}`,
    );
  }

  // Checkpoints: signed by the same key, and the ones the manifest names.
  let closing: { treeSize: number; rootHash: string; origin: string } | undefined;
  let start: { treeSize: number; rootHash: string } | undefined;
  {
    const problems: string[] = [];
    try {
      const raw = JSON.parse(text('checkpoint.json') ?? 'null') as unknown;
      if (raw === null) throw new Error('checkpoint.json is missing');
      closing = verifyCheckpoint(raw, pem ?? '');
      if (manifest && !canonicalBytes(raw).equals(canonicalBytes(manifest.checkpoint)))
        problems.push('checkpoint.json differs from the checkpoint in manifest.json');
      if (manifest?.startCheckpoint) {
        start = verifyCheckpoint(manifest.startCheckpoint, pem ?? '', { origin: closing.origin });
      }
    } catch (err) {
      problems.push(message(err));
    }
    add(
      'checkpoint-signature',
      problems,
      closing
        ? `log ${closing.origin}, tree size ${closing.treeSize}${start ? `, start tree size ${start.treeSize}` : ''}`
        : '',
    );
  }

  if (manifest) {
    const listed = new Map(manifest.files.map((f) => [f.path, f]));
    const bad: string[] = [];
    for (const f of manifest.files) {
      const got = files.get(f.path);
      if (got && (got.sha256 !== f.sha256 || got.size !== f.size))
        bad.push(
          `${f.path}: sha256 ${got.sha256} size ${got.size}, manifest says ${f.sha256} size ${f.size}`,
        );
    }
    add('file-hashes', bad, `${manifest.files.length} files match the manifest`);
    const missing = manifest.files.filter((f) => !files.has(f.path)).map((f) => `missing: ${f.path}`);
    const extra = [...files.keys()]
      .filter((p) => !listed.has(p) && !UNLISTED_FILES.includes(p))
      .map((p) => `not in manifest: ${p}`);
    const trio = UNLISTED_FILES.filter((p) => !files.has(p)).map((p) => `missing: ${p}`);
    add('files-complete', [...missing, ...trio, ...extra], 'no file missing or extra');
    const sums = files.get('SHA256SUMS')?.bytes;
    add(
      'sha256sums',
      sums && sums.equals(sha256Sums(manifest)) ? [] : ['SHA256SUMS does not match manifest.json'],
      'SHA256SUMS matches manifest.json',
    );
  }

  add('evidence-names', badNames, `${evidence.size} evidence files hash to their names`);
  add(
    'evidence-canonical',
    notCanonical.map((p) => `${p} is not RFC 8785 canonical JSON`),
    `${evidence.size} evidence files are canonical JSON`,
  );
  checks.push(inclusionCheck(evidence, files, closing));
  checks.push(consistencyCheck(files, closing, start));
  checks.push(resultsCheck(files, evidence));
  checks.push(manualCheck(files, closing));
  return { ok: checks.every((c) => c.ok), checks };
}

function isCanonicalJson(bytes: Buffer): boolean {
  try {
    return canonicalBytes(JSON.parse(bytes.toString('utf8'))).equals(bytes);
  } catch {
    return false;
  }
}

/** Normalizes a pinned key (PEM or hex fingerprint) to a lower-case hex fingerprint; ValidationError otherwise. */
export function pinnedFingerprint(key: string): string {
  const trimmed = key.trim();
  if (trimmed.includes('-----BEGIN')) {
    try {
      return keyFingerprint(trimmed);
    } catch (cause) {
      throw new ValidationError('pinned key', ['not a readable public key PEM'], { cause });
    }
  }
  const hex = trimmed
    .replace(/^sha256:/i, '')
    .replace(/:/g, '')
    .toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex))
    throw new ValidationError('pinned key', [
      'expected a public key PEM or a 64-hex-digit SHA-256 fingerprint',
    ]);
  return hex;
}
