import { createPublicKey, verify as verifySig, type KeyObject } from 'node:crypto';
import { ValidationError } from '../errors.js';
import { canonicalBytes, sha256Hex } from '../evidence/canonical.js';
import { keyFingerprint } from '../ledger/fingerprint.js';
import type { SignedCheckpoint } from '../ledger/types.js';
import { verifyCheckpoint } from '../ledger/verify-checkpoint.js';
import { isSha256Sums, manifestStatement } from './manifest.js';
import { readArchive } from './verify-archive.js';
import {
  consistencyCheck,
  inclusionCheck,
  MAX_LISTED,
  message,
  resultsCheck,
  sinceCheck,
  summarize,
  type SnapshotCheck,
} from './verify-checks.js';
import { populationCheck, type PopulationCounts } from './verify-population.js';
import { samplesCheck } from './samples.js';
import { windowCheckpointsCheck } from './window-checkpoints.js';
import { manualCheck } from './manual-verify.js';

export interface VerifyResult {
  readonly ok: boolean;
  /** "pinned": the key is one the auditor supplied; "unpinned": integrity only, origin unproven. */
  readonly origin: 'pinned' | 'unpinned';
  readonly checks: readonly SnapshotCheck[];
  /** Log leaves in the window, archived and excluded by reason (when the population list verified). */
  readonly population?: PopulationCounts;
  /** True when the snapshot's samples were drawn without an auditor nonce. */
  readonly samplesOperatorChosen?: boolean;
}

export interface VerifyOptions {
  /** The organisation's key, as an SPKI PEM or the hex SHA-256 fingerprint of its DER SPKI (colons allowed). */
  readonly pinnedKey?: string;
  /** More accepted keys (a trust file): PEMs or fingerprints. */
  readonly trustedKeys?: readonly string[];
  /** A signed checkpoint the auditor kept: the snapshot's log must be a consistent extension of it. */
  readonly since?: unknown;
  /** The nonce the auditor supplied: the snapshot's samples must be drawn with it. */
  readonly auditorNonce?: string;
}

/**
 * Checks a snapshot offline (no network, no AWS), reading it within bounds (verify-archive.ts): every file against
 * the signed manifest, nothing missing or extra, the manifest statement and checkpoint signatures with the included
 * key and that key against the auditor's, each evidence file's name, canonical form and inclusion proof, the
 * consistency proofs (across the window and from the auditor's kept checkpoint), the log population list and the
 * samples. Never throws for a bad snapshot: each failure is a named check. Throws ValidationError only for a
 * malformed pinned key.
 */
export async function verifySnapshot(zipPath: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const anchors = [
    ...(options.pinnedKey === undefined ? [] : [options.pinnedKey]),
    ...(options.trustedKeys ?? []),
  ];
  const trusted = anchors.map(pinnedFingerprint);
  const origin = trusted.length ? 'pinned' : 'unpinned';
  const checks: SnapshotCheck[] = [];
  const add = (name: string, problems: readonly string[], okDetail: string) =>
    checks.push({
      name,
      ok: problems.length === 0,
      detail: problems.length ? summarize(problems) : okDetail,
    });
  const done = (): VerifyResult => ({ ok: checks.every((c) => c.ok), origin, checks });

  const a = await readArchive(zipPath);
  add('archive', a.problems, `zip readable, ${a.files.size} files read`);
  if (!a.manifest || a.problems.length) {
    if (a.manifestProblem) add('manifest', [a.manifestProblem], '');
    return done();
  }
  const { manifest, files } = a;
  const mBytes = a.manifestBytes!;
  add(
    'manifest',
    [],
    `${manifest.files.length} files listed, framework ${manifest.framework}, window ${manifest.window.start} to ${manifest.window.end}`,
  );

  const pem = files.get('public-key.pem')?.bytes?.toString('utf8');
  let key: KeyObject | undefined;
  let fingerprint = '(none)';
  try {
    if (!pem) throw new Error('public-key.pem is missing');
    key = readKey(pem);
    fingerprint = keyFingerprint(key);
    const statement = files.get('manifest.statement.json')?.bytes;
    const sig = files.get('manifest.sig')?.bytes;
    if (!statement || !sig) throw new Error('manifest.statement.json or manifest.sig is missing');
    if (!statement.equals(manifestStatement(sha256Hex(mBytes))))
      throw new Error("manifest.statement.json does not name manifest.json's SHA-256");
    const ok = safeVerify(statement, key, sig);
    add(
      'manifest-signature',
      ok ? [] : ['manifest.sig does not verify over manifest.statement.json with public-key.pem'],
      `manifest statement signed by key ${fingerprint}`,
    );
  } catch (err) {
    add('manifest-signature', [message(err)], '');
  }
  if (trusted.length)
    add(
      'pinned-key',
      trusted.includes(fingerprint)
        ? []
        : [`public-key.pem has fingerprint ${fingerprint}, not one you supplied (${trusted.join(', ')})`],
      `key matches your fingerprint ${fingerprint}`,
    );

  let closing: SignedCheckpoint | undefined;
  let start: SignedCheckpoint | undefined;
  {
    const problems: string[] = [];
    try {
      const raw = json(files.get('checkpoint.json')?.bytes, 'checkpoint.json');
      // Stryker disable next-line StringLiteral: without public-key.pem any stand-in text fails as the empty one does
      verifyCheckpoint(raw, pem ?? '');
      closing = raw as SignedCheckpoint;
      if (!canonicalBytes(raw).equals(canonicalBytes(manifest.checkpoint)))
        problems.push('checkpoint.json differs from the checkpoint in manifest.json');
      if (manifest.startCheckpoint) {
        // Stryker disable next-line StringLiteral: without public-key.pem any stand-in text fails as the empty one does
        verifyCheckpoint(manifest.startCheckpoint, pem ?? '', { origin: closing.checkpoint.origin });
        start = manifest.startCheckpoint;
        const sc = json(files.get('start-checkpoint.json')?.bytes, 'start-checkpoint.json');
        if (!canonicalBytes(sc).equals(canonicalBytes(start)))
          problems.push('start-checkpoint.json differs from the start checkpoint in manifest.json');
      }
    } catch (err) {
      problems.push(message(err));
    }
    const cp = closing?.checkpoint;
    add(
      'checkpoint-signature',
      problems,
      cp
        ? `log ${cp.origin}, tree size ${cp.treeSize}${start ? `, start tree size ${start.checkpoint.treeSize}` : ''}`
        : '',
    );
  }

  const listed = new Set(manifest.files.map((f) => f.path));
  const bad = manifest.files.flatMap((f) => {
    const got = files.get(f.path);
    // Stryker disable next-line ConditionalExpression: bytes of another size have another SHA-256 (the size is only reported)
    return got && (got.sha256 !== f.sha256 || got.size !== f.size)
      ? [`${f.path}: sha256 ${got.sha256} size ${got.size}, manifest says ${f.sha256} size ${f.size}`]
      : [];
  });
  add('file-hashes', [...bad, ...a.refused], `${manifest.files.length} files match the manifest`);
  const refused = new Set(a.refused.map((r) => r.slice(0, r.indexOf(': '))));
  const missing: string[] = [];
  // Beyond the first few, missing files are counted, not listed (a manifest may list 300,000). The count is the last
  // of the problems the check's detail lists (summarize), so it is never folded into "and N more".
  let unnamed = 0;
  for (const f of manifest.files)
    if (!files.has(f.path) && !refused.has(f.path))
      if (missing.length < MAX_LISTED - 1) missing.push(`missing: ${f.path}`);
      else unnamed++;
  if (unnamed) missing.push(`${unnamed} more files missing`);
  const trio = ['manifest.statement.json', 'manifest.sig', 'SHA256SUMS']
    .filter((p) => !files.has(p))
    .map((p) => `missing: ${p}`);
  // Stryker disable next-line MethodExpression,ConditionalExpression: a.unlisted holds unlisted paths only (readArchive)
  const extra = a.unlisted.filter((p) => !listed.has(p)).map((p) => `not in manifest: ${p}`);
  add('files-complete', [...missing, ...trio, ...extra], 'no file missing or extra');
  const sums = files.get('SHA256SUMS')?.bytes;
  add(
    'sha256sums',
    sums && isSha256Sums(manifest, sums) ? [] : ['SHA256SUMS does not match manifest.json'],
    'SHA256SUMS matches manifest.json',
  );
  add('evidence-names', a.badNames, `${a.evidence.size} evidence files hash to their names`);
  add(
    'evidence-canonical',
    a.notCanonical.map((p) => `${p} is not RFC 8785 canonical JSON`),
    `${a.evidence.size} evidence files are canonical JSON`,
  );
  const closingHead = closing?.checkpoint;
  checks.push(inclusionCheck(a.evidence, files, closingHead));
  checks.push(consistencyCheck(files, closingHead, start?.checkpoint));
  // Stryker disable next-line StringLiteral: without public-key.pem any stand-in text fails as the empty one does
  checks.push(windowCheckpointsCheck(files, pem ?? '', closing, start));
  // Stryker disable next-line StringLiteral: without public-key.pem any stand-in text fails as the empty one does
  if (options.since !== undefined) checks.push(sinceCheck(options.since, files, pem ?? '', closingHead));
  const pop = populationCheck(files, new Set(a.evidence.values()), closingHead, start?.checkpoint);
  checks.push(pop.check);
  const samples = samplesCheck(files, closing, options.auditorNonce);
  checks.push(samples.check);
  checks.push(manualCheck(files, closingHead));
  checks.push(resultsCheck(files, a.evidence));
  return {
    ...done(),
    ...(pop.check.ok && pop.counts ? { population: pop.counts } : {}),
    ...(samples.operatorChosen !== undefined ? { samplesOperatorChosen: samples.operatorChosen } : {}),
  };
}

function json(bytes: Buffer | undefined, what: string): unknown {
  if (!bytes) throw new Error(`${what} is missing`);
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new Error(`${what} is not valid JSON`);
  }
}

/** A public key from PEM, with a plain message instead of OpenSSL's decoder codes. */
function readKey(pem: string): KeyObject {
  try {
    return createPublicKey(pem);
  } catch {
    throw new Error('public-key.pem is not a readable public key');
  }
}

function safeVerify(data: Buffer, key: KeyObject, sig: Buffer): boolean {
  try {
    return verifySig('sha256', data, { key, dsaEncoding: 'der' }, sig);
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
