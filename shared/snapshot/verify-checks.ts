// The archive-level checks of `verifySnapshot` (verify.ts): inclusion proofs against the closing checkpoint, the
// consistency proof across the window, and results citing only archived evidence. Each returns a named check.
import { FluxError } from '../errors.js';
import { leafHash } from '../ledger/merkle.js';
import { verifyConsistency, verifyInclusion } from '../ledger/merkle-verify.js';
import { verifyCheckpoint } from '../ledger/verify-checkpoint.js';
import type { ZipFileRead } from './zip-read.js';

/** One named check and whether it held. */
export interface SnapshotCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

const PROOF = /^proofs\/inclusion\/([0-9a-f]{64})\.json$/;
/** Most problems a check's detail lists; the rest are counted. */
export const MAX_LISTED = 20;

/** A tree head as a checkpoint names it. */
type TreeHead = { treeSize: number; rootHash: string };

/** Every evidence file's inclusion proof verifies against the closing checkpoint; no proof is for a stranger. */
export function inclusionCheck(
  evidence: ReadonlyMap<string, string>,
  files: ReadonlyMap<string, ZipFileRead>,
  closing?: TreeHead,
): SnapshotCheck {
  const problems: string[] = [];
  if (!closing) problems.push('no valid closing checkpoint to check against');
  else {
    for (const [path, sha] of evidence) {
      const proofPath = `proofs/inclusion/${sha}.json`;
      try {
        const bytes = files.get(proofPath)?.bytes;
        if (!bytes) throw new Error(`${proofPath} is missing`);
        const p = JSON.parse(bytes.toString('utf8')) as {
          leafIndex: number;
          treeSize: number;
          auditPath: string[];
        };
        if (p.treeSize !== closing.treeSize)
          throw new Error(`proof is for tree size ${p.treeSize}, checkpoint has ${closing.treeSize}`);
        if (!Array.isArray(p.auditPath)) throw new Error('auditPath is not a list');
        verifyInclusion(
          leafHash(Buffer.from(sha, 'hex')),
          p.leafIndex,
          p.treeSize,
          p.auditPath,
          closing.rootHash,
        );
      } catch (err) {
        problems.push(`${path}: ${message(err)}`);
      }
    }
    const shas = new Set(evidence.values());
    for (const p of files.keys()) {
      const m = PROOF.exec(p);
      if (m && !shas.has(m[1]!)) problems.push(`${p} proves an artifact that is not in the archive`);
    }
  }
  return checkOf(
    'inclusion-proofs',
    problems,
    `${evidence.size} artifacts are in the log at the closing checkpoint`,
  );
}

/** The consistency proof runs from the start checkpoint (or the empty log) to the closing one. */
export function consistencyCheck(
  files: ReadonlyMap<string, ZipFileRead>,
  closing?: TreeHead,
  start?: TreeHead,
): SnapshotCheck {
  const name = 'consistency-proof';
  try {
    if (!closing) throw new Error('no valid closing checkpoint');
    const bytes = files.get('proofs/consistency.json')?.bytes;
    if (!bytes) throw new Error('proofs/consistency.json is missing');
    const c = JSON.parse(bytes.toString('utf8')) as {
      fromTreeSize: number;
      fromRootHash: string | null;
      toTreeSize: number;
      toRootHash: string;
      proof: string[];
    };
    if (c.toTreeSize !== closing.treeSize || c.toRootHash !== closing.rootHash)
      throw new Error('proof does not end at the closing checkpoint');
    if (!start) {
      if (c.fromTreeSize !== 0 || c.proof.length !== 0)
        throw new Error('proof starts at a checkpoint the manifest does not name');
      return { name, ok: true, detail: 'no start checkpoint: the window starts at the empty log' };
    }
    if (c.fromTreeSize !== start.treeSize || c.fromRootHash !== start.rootHash)
      throw new Error('proof does not start at the start checkpoint');
    verifyConsistency(start.treeSize, closing.treeSize, c.proof, start.rootHash, closing.rootHash);
    return {
      name,
      ok: true,
      detail: `log grew append-only from ${start.treeSize} to ${closing.treeSize} leaves`,
    };
  } catch (err) {
    return { name, ok: false, detail: message(err) };
  }
}

/**
 * The snapshot's log extends a checkpoint the auditor kept: the kept checkpoint verifies with the snapshot's key and
 * names the same log, and a consistency proof runs from it to the closing checkpoint (the window's own proof when it
 * starts there, else proofs/consistency-since.json). A log rewritten after the kept checkpoint fails here even when
 * the key holder re-signed everything.
 */
export function sinceCheck(
  kept: unknown,
  files: ReadonlyMap<string, ZipFileRead>,
  publicKeyPem: string,
  closing?: TreeHead & { origin: string },
): SnapshotCheck {
  const name = 'since-checkpoint';
  try {
    if (!closing) throw new Error('no valid closing checkpoint');
    const k = verifyCheckpoint(kept, publicKeyPem, { origin: closing.origin });
    if (k.treeSize > closing.treeSize)
      throw new Error(
        `your checkpoint (tree size ${k.treeSize}) is newer than this snapshot's closing checkpoint (${closing.treeSize})`,
      );
    if (k.treeSize === closing.treeSize) {
      if (k.rootHash !== closing.rootHash)
        throw new Error(
          `the log at tree size ${k.treeSize} has a different root than your checkpoint: history was rewritten`,
        );
    } else {
      const proof = proofFrom(k.treeSize, closing.treeSize, files);
      if (!proof)
        throw new Error(
          `no consistency proof from tree size ${k.treeSize} in this snapshot: ask for one from that size (--since-size ${k.treeSize})`,
        );
      try {
        verifyConsistency(k.treeSize, closing.treeSize, proof, k.rootHash, closing.rootHash);
      } catch (err) {
        throw new Error(
          `the log is not an append-only extension of your checkpoint (tree size ${k.treeSize}): ${message(err)}`,
        );
      }
    }
    return {
      name,
      ok: true,
      detail: `the log grew append-only from your checkpoint (tree size ${k.treeSize}) to ${closing.treeSize}`,
    };
  } catch (err) {
    return { name, ok: false, detail: message(err) };
  }
}

/**
 * A consistency proof from tree size `from` to the closing size `to` carried by the snapshot: the requested one
 * (proofs/consistency-since.json), the window's own (from its start checkpoint) or one of a window checkpoint's.
 */
function proofFrom(from: number, to: number, files: ReadonlyMap<string, ZipFileRead>): string[] | undefined {
  const read = (p: string): unknown => {
    const b = files.get(p)?.bytes;
    try {
      // Stryker disable next-line ConditionalExpression: without bytes, b.toString throws and the catch answers undefined
      return b ? (JSON.parse(b.toString('utf8')) as unknown) : undefined;
      // Stryker disable next-line BlockStatement: an empty catch falls through to the same undefined
    } catch {
      return undefined;
    }
  };
  type P = { fromTreeSize?: unknown; toTreeSize?: unknown; proof?: unknown };
  const candidates: P[] = [read('proofs/consistency-since.json'), read('proofs/consistency.json')].filter(
    (c): c is P => typeof c === 'object' && c !== null,
  );
  const listed = read('checkpoints/window.json');
  if (Array.isArray(listed))
    for (const w of listed as { signed?: { checkpoint?: { treeSize?: unknown } }; proof?: unknown }[])
      candidates.push({ fromTreeSize: w.signed?.checkpoint?.treeSize, toTreeSize: to, proof: w.proof });
  const hit = candidates.find(
    (c) => c.fromTreeSize === from && c.toTreeSize === to && Array.isArray(c.proof),
  );
  return hit ? (hit.proof as string[]) : undefined;
}

/** Every artifact a result cites is in the archive. */
export function resultsCheck(
  files: ReadonlyMap<string, ZipFileRead>,
  evidence: ReadonlyMap<string, string>,
): SnapshotCheck {
  const have = new Set(evidence.values());
  const problems: string[] = [];
  for (const [p, f] of files) {
    if (!p.startsWith('results/') || !f.bytes) continue;
    try {
      const rs = JSON.parse(f.bytes.toString('utf8')) as { artifacts?: string[] }[];
      for (const r of rs)
        for (const h of r.artifacts ?? [])
          if (!have.has(h)) problems.push(`${p} cites artifact ${h}, which is not in evidence/`);
    } catch (err) {
      problems.push(`${p}: ${message(err)}`);
    }
  }
  return checkOf('results-evidence', problems, 'every artifact a result cites is archived');
}

/** An error's message. */
export function message(err: unknown): string {
  // Stryker disable next-line ConditionalExpression: a FluxError is an Error, so the first test decides nothing alone
  return err instanceof FluxError || err instanceof Error ? err.message : String(err);
}

/** Problems joined for a check's detail, at most MAX_LISTED of them. */
/** A named check that holds when `problems` is empty; its detail lists them, or says `okDetail`. */
export function checkOf(name: string, problems: readonly string[], okDetail: string): SnapshotCheck {
  return { name, ok: problems.length === 0, detail: problems.length ? summarize(problems) : okDetail };
}

export function summarize(problems: readonly string[]): string {
  const more = problems.length > MAX_LISTED ? `; and ${problems.length - MAX_LISTED} more` : '';
  return problems.slice(0, MAX_LISTED).join('; ') + more;
}
