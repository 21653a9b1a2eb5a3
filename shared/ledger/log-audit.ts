import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { IntegrityError } from '../errors.js';
import { parseArtifactKey, type EvidenceStore } from '../store/types.js';
import { verifyCheckpointConsistency } from './audit.js';
import { verifyConsistency } from './merkle-verify.js';
import { verifyCheckpoint } from './verify-checkpoint.js';
import { leafHashOf } from './records.js';
import type { Ledger, LedgerEntry, SignedCheckpoint } from './types.js';
import { decodeLeaf, LEAF_KINDS } from './leaf.js';
import { CompactRange, leafHash } from './merkle.js';
import { MANUAL_FILES } from '../manual/files.js';
import { reconcileCheckpoints, type LockedCopies } from './locked-checkpoints.js';
import type { BlobStore } from '../manual/types.js';

/** One thing `audit` found wrong. `kind` is stable (scripts match on it); `message` says it for a person. */
export interface AuditProblem {
  readonly kind:
    | 'orphan-artifact'
    | 'orphan-statement'
    | 'orphan-file'
    | 'missing-object'
    | 'temporary-file'
    | 'index-gap'
    | 'head-mismatch'
    | 'checkpoint'
    | 'checkpoint-copy';
  readonly message: string;
  readonly key?: string;
  readonly index?: number;
  readonly detail?: string;
}

export interface LockerAuditDeps {
  readonly store: EvidenceStore;
  readonly ledger: Ledger;
  /** The log's origin every checkpoint must name. */
  readonly origin: string;
  /** SPKI PEM that must have signed every checkpoint. */
  readonly publicKeyPem: string;
  /** Every stored checkpoint, oldest first (the latest alone when the backend cannot list them). */
  readonly checkpoints: readonly SignedCheckpoint[];
  /**
   * A deployment's locked checkpoint copies (readLockedCheckpoints): each must match a table checkpoint and each
   * table checkpoint must have one, and every copy is verified against the log like the table's own.
   */
  readonly lockedCheckpoints?: LockedCopies;
  /** The local locker's directory: its evidence tree is searched for leftover `.tmp` files. */
  readonly lockerRoot?: string;
  /**
   * Where statement leaves' bytes and manual evidence files are stored (outside `evidence/`): with it, each statement
   * leaf's object and each logged manual file is read back and rehashed, and stored statements or files that no log
   * entry names are reported.
   */
  readonly blobs?: Pick<BlobStore, 'get' | 'list'>;
}

export interface LockerAudit {
  readonly treeSize: number;
  readonly artifacts: number;
  readonly checkpoints: number;
  readonly problems: readonly AuditProblem[];
}

/**
 * Audits a locker or deployment: every evidence object has a log entry (else an orphan), every artifact leaf's
 * object exists with its hash, the log's indexes are contiguous and hash to the head's root, no temporary files
 * are left, and every checkpoint is signed by the key, matches the log, and extends the one before it (with a
 * deployment's locked copies: each is in the table, each table checkpoint has one, and each is checked too).
 * Problems are collected, not thrown, so one run lists all of them.
 */
export async function auditLocker(deps: LockerAuditDeps): Promise<LockerAudit> {
  const copies = deps.lockedCheckpoints && reconcileCheckpoints(deps.checkpoints, deps.lockedCheckpoints);
  const checkpoints = copies?.all ?? deps.checkpoints;
  const problems: AuditProblem[] = (copies?.mismatches ?? []).map((m) => ({ kind: 'checkpoint-copy', ...m }));
  const head = await deps.ledger.head();
  const range = CompactRange.empty();
  const seen = new Set<string>();
  /** Manual evidence files named by logged manual statements. */
  const files = new Set<string>();
  let contiguous = true;
  // The root the leaves recompute at each checkpoint's size, found in this one pass.
  const sizes = new Set(checkpoints.map((c) => c.checkpoint.treeSize));
  const rootsAt = new Map<number, string>();
  if (sizes.has(0)) rootsAt.set(0, range.root().toString('hex'));
  let expected = 0;
  for await (const entry of deps.ledger.entries(0, head.treeSize)) {
    if (entry.index !== expected) {
      contiguous = false;
      problems.push(gap(expected, entry.index));
    }
    expected = entry.index + 1;
    if (contiguous) {
      range.append(leafHashOf(entry));
      if (sizes.has(range.size)) rootsAt.set(range.size, range.root().toString('hex'));
    }
    seen.add(entry.sha256);
    if (entry.leafHash === undefined)
      await checkObject(deps.store, entry.key, entry.sha256, entry.index, problems);
    else if (deps.blobs) await checkStatement(deps.blobs, entry, files, problems);
  }
  if (expected !== head.treeSize) problems.push(gap(expected, head.treeSize));
  else if (contiguous && range.root().toString('hex') !== head.rootHash) {
    problems.push({
      kind: 'head-mismatch',
      message: `the ${head.treeSize} leaves hash to a root other than the log head's: a recorded entry was rewritten`,
    });
  }
  let artifacts = 0;
  for await (const key of deps.store.list()) {
    artifacts++;
    const sha256 = parseArtifactKey(key)!.sha256;
    if (!seen.has(sha256) && !(await deps.ledger.get(sha256))) {
      problems.push({
        kind: 'orphan-artifact',
        key,
        message: `${key} is stored but has no log entry (the next collect appends it)`,
      });
    }
  }
  if (deps.blobs) await findOrphanBlobs(deps.blobs, deps.ledger, seen, files, problems);
  if (deps.lockerRoot) {
    for (const rel of await temporaryFiles(deps.lockerRoot, 'evidence')) {
      problems.push({
        kind: 'temporary-file',
        key: rel,
        message: `${rel} is a leftover temporary file of an interrupted write`,
      });
    }
  }
  await checkCheckpoints({ ...deps, checkpoints }, rootsAt, head, problems);
  return { treeSize: head.treeSize, artifacts, checkpoints: checkpoints.length, problems };
}

async function checkObject(
  store: EvidenceStore,
  key: string,
  sha256: string,
  index: number,
  problems: AuditProblem[],
): Promise<void> {
  try {
    await store.getBytes(key, sha256);
  } catch (e) {
    problems.push({
      kind: 'missing-object',
      key,
      index,
      message: `leaf ${index} records ${key}, which is missing or does not hash to the recorded SHA-256`,
      detail: (e as Error).message,
    });
  }
}

/** A statement leaf's bytes hash to its entry and leaf hash and decode; a manual statement's file is stored intact. */
async function checkStatement(
  blobs: Pick<BlobStore, 'get'>,
  entry: LedgerEntry,
  files: Set<string>,
  problems: AuditProblem[],
): Promise<void> {
  const missing = (key: string, what: string, detail: string) =>
    problems.push({
      kind: 'missing-object',
      key,
      index: entry.index,
      message: `leaf ${entry.index}: ${what}`,
      detail,
    });
  let statement;
  try {
    const bytes = await blobs.get(entry.key, entry.sha256);
    if (leafHash(bytes).toString('hex') !== entry.leafHash)
      throw new IntegrityError('leaf-hash', 'its bytes do not hash to the recorded leaf hash');
    statement = decodeLeaf(bytes);
  } catch (e) {
    missing(
      entry.key,
      `statement ${entry.key} is missing or does not match its log entry`,
      (e as Error).message,
    );
    return;
  }
  if (statement.kind !== 'manual') return;
  files.add(statement.key);
  try {
    await blobs.get(statement.key, statement.fileSha256);
  } catch (e) {
    missing(
      statement.key,
      `manual evidence file ${statement.key} is missing or does not hash to its statement's SHA-256`,
      (e as Error).message,
    );
  }
}

/** Stored statements no log entry names, and manual evidence files no logged manual statement names. */
async function findOrphanBlobs(
  blobs: Pick<BlobStore, 'list'>,
  ledger: Pick<Ledger, 'get'>,
  seen: ReadonlySet<string>,
  files: ReadonlySet<string>,
  problems: AuditProblem[],
): Promise<void> {
  for (const kind of LEAF_KINDS) {
    if (kind === 'artifact') continue;
    for await (const key of blobs.list(kind)) {
      const sha = /([0-9a-f]{64})\.json$/.exec(key)?.[1];
      if (sha && (seen.has(sha) || (await ledger.get(sha)))) continue;
      problems.push({
        kind: 'orphan-statement',
        key,
        message: `${key} is a stored ${kind} statement with no log entry`,
      });
    }
  }
  for await (const key of blobs.list(MANUAL_FILES)) {
    if (files.has(key)) continue;
    problems.push({
      kind: 'orphan-file',
      key,
      message: `${key} is a stored manual evidence file no logged statement names`,
    });
  }
}

/**
 * Each checkpoint is signed by the key and names the origin, its root is the one the log's leaves recompute at its
 * size (`rootsAt`, from the single pass over the leaves), each is consistent with the next (an RFC 9162 proof between
 * their roots, the auditors' verifier), and the latest with the head. Linear in the log and the checkpoints.
 */
async function checkCheckpoints(
  deps: LockerAuditDeps,
  rootsAt: ReadonlyMap<number, string>,
  head: { treeSize: number; rootHash: string },
  problems: AuditProblem[],
): Promise<void> {
  let previous: SignedCheckpoint | undefined;
  const last = deps.checkpoints.length - 1;
  for (const [i, cp] of deps.checkpoints.entries()) {
    const { treeSize, rootHash, timestamp, origin } = cp.checkpoint;
    const label = `checkpoint of size ${treeSize} at ${timestamp}`;
    try {
      if (origin !== deps.origin)
        throw new IntegrityError('checkpoint-origin', `names log ${origin}, not ${deps.origin}`);
      verifyCheckpoint(cp, deps.publicKeyPem);
      const root = rootsAt.get(treeSize);
      if (root === undefined)
        throw new IntegrityError(
          'ledger-gap',
          `the log does not hold the ${treeSize} contiguous leaves it covers`,
        );
      if (root !== rootHash)
        throw new IntegrityError(
          'checkpoint-root-mismatch',
          `the ${treeSize} leaves in the log hash to a root other than the one it signed: a recorded hash was rewritten`,
        );
      if (previous) {
        const proof = await deps.ledger.consistencyProof(previous.checkpoint.treeSize, treeSize);
        verifyCheckpointConsistency(previous, cp, proof);
      }
      if (i === last) {
        const proof = await deps.ledger.consistencyProof(treeSize, head.treeSize);
        verifyConsistency(treeSize, head.treeSize, proof, rootHash, head.rootHash);
      }
    } catch (e) {
      problems.push({ kind: 'checkpoint', message: `${label} does not verify: ${(e as Error).message}` });
    }
    previous = cp;
  }
}

function gap(from: number, to: number): AuditProblem {
  const which = to - from === 1 ? `index ${from} is` : `indexes ${from}..${to - 1} are`;
  return { kind: 'index-gap', index: from, message: `log ${which} missing: the indexes are not contiguous` };
}

/** Paths (relative to `root`) of `*.tmp` files under `root/dir`. */
export async function temporaryFiles(root: string, dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(root, dir), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: string[] = [];
  for (const e of entries) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...(await temporaryFiles(root, rel)));
    else if (e.name.endsWith('.tmp')) out.push(rel);
  }
  return out.sort();
}
