import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { IntegrityError } from '../errors.js';
import { parseArtifactKey, type EvidenceStore } from '../store/types.js';
import { verifyLog, verifyCheckpointConsistency } from './audit.js';
import { CompactRange } from './merkle.js';
import { leafHashOf } from './records.js';
import type { Ledger, SignedCheckpoint } from './types.js';

/** One thing `audit` found wrong. `kind` is stable (scripts match on it); `message` says it for a person. */
export interface AuditProblem {
  readonly kind:
    'orphan-artifact' | 'missing-object' | 'temporary-file' | 'index-gap' | 'head-mismatch' | 'checkpoint';
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
  /** The local locker's directory: its evidence tree is searched for leftover `.tmp` files. */
  readonly lockerRoot?: string;
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
 * are left, and every checkpoint is signed by the key, matches the log, and extends the one before it.
 * Problems are collected, not thrown, so one run lists all of them.
 */
export async function auditLocker(deps: LockerAuditDeps): Promise<LockerAudit> {
  const problems: AuditProblem[] = [];
  const head = await deps.ledger.head();
  const range = CompactRange.empty();
  const seen = new Set<string>();
  let contiguous = true;
  let expected = 0;
  for await (const entry of deps.ledger.entries(0, head.treeSize)) {
    if (entry.index !== expected) {
      contiguous = false;
      problems.push(gap(expected, entry.index));
    }
    expected = entry.index + 1;
    if (contiguous) range.append(leafHashOf(entry));
    seen.add(entry.sha256);
    if (entry.leafHash === undefined)
      await checkObject(deps.store, entry.key, entry.sha256, entry.index, problems);
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
  if (deps.lockerRoot) {
    for (const rel of await temporaryFiles(deps.lockerRoot, 'evidence')) {
      problems.push({
        kind: 'temporary-file',
        key: rel,
        message: `${rel} is a leftover temporary file of an interrupted write`,
      });
    }
  }
  await checkCheckpoints(deps, problems);
  return { treeSize: head.treeSize, artifacts, checkpoints: deps.checkpoints.length, problems };
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

async function checkCheckpoints(deps: LockerAuditDeps, problems: AuditProblem[]): Promise<void> {
  let previous: SignedCheckpoint | undefined;
  for (const cp of deps.checkpoints) {
    const label = `checkpoint of size ${cp.checkpoint.treeSize} at ${cp.checkpoint.timestamp}`;
    try {
      if (cp.checkpoint.origin !== deps.origin) {
        throw new IntegrityError(
          'checkpoint-origin',
          `names log ${cp.checkpoint.origin}, not ${deps.origin}`,
        );
      }
      await verifyLog(deps.ledger, cp, { publicKeyPem: deps.publicKeyPem });
      if (previous) {
        const proof = await deps.ledger.consistencyProof(
          previous.checkpoint.treeSize,
          cp.checkpoint.treeSize,
        );
        verifyCheckpointConsistency(previous, cp, proof);
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
