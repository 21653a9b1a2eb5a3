// The manual-evidence check of `verifySnapshot`: statements are log leaves whose hash an auditor recomputes from the
// archived bytes, documents match the hashes their statements name, approvals point at archived documents.
import { createHash } from 'node:crypto';
import { decodeLeaf } from '../ledger/leaf.js';
import { leafHash } from '../ledger/merkle.js';
import { verifyInclusion } from '../ledger/merkle-verify.js';
import { manualProofPath, statementPath } from './manual-paths.js';
import { message, checkOf, type SnapshotCheck } from './verify-checks.js';
import type { ZipFileRead } from './zip-read.js';

const STATEMENT = /^manual\/statements\/([0-9a-f]{64})\.json$/;
const PROOF = /^proofs\/manual\/([0-9a-f]{64})\.json$/;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Every archived statement hashes to its name, is a valid flux.leaf/v1 manual, approval or exception statement in
 * canonical form, and is leaf `leafIndex` of the closing checkpoint's tree with leaf hash SHA-256(0x00 || bytes);
 * a manual statement's document is archived with the SHA-256 and size it names; an approval's document is archived;
 * no proof is for a statement that is not archived.
 */
export function manualCheck(
  files: Map<string, ZipFileRead>,
  closing?: { treeSize: number; rootHash: string },
): SnapshotCheck {
  const problems: string[] = [];
  const statements = [...files.keys()].flatMap((p) => {
    const m = STATEMENT.exec(p);
    return m ? [m[1]!] : [];
  });
  const docsByFile = new Map<string, ZipFileRead>(
    [...files]
      .filter(([p]) => p.startsWith('manual/files/'))
      .map(([p, f]) => [p.slice('manual/files/'.length), f]),
  );
  if (statements.length && !closing)
    problems.push('no valid closing checkpoint to check manual statements against');
  for (const id of statements) {
    const path = statementPath(id);
    try {
      const bytes = files.get(path)!.bytes;
      if (!bytes) throw new Error('unreadable');
      if (sha256(bytes) !== id) throw new Error('does not hash to its name');
      const s = decodeLeaf(bytes);
      if (s.kind !== 'manual' && s.kind !== 'approval' && s.kind !== 'exception')
        throw new Error(`is a ${s.kind} leaf, not a manual, approval or exception statement`);
      if (closing) {
        const proof = files.get(manualProofPath(id))?.bytes;
        if (!proof) throw new Error(`${manualProofPath(id)} is missing`);
        const p = JSON.parse(proof.toString('utf8')) as {
          leafIndex: number;
          treeSize: number;
          auditPath: string[];
        };
        if (p.treeSize !== closing.treeSize)
          throw new Error(`proof is for tree size ${p.treeSize}, checkpoint has ${closing.treeSize}`);
        verifyInclusion(leafHash(bytes), p.leafIndex, p.treeSize, p.auditPath, closing.rootHash);
      }
      if (s.kind === 'manual') {
        const name = `${s.fileSha256}.${s.fileName.split('.').pop()!.toLowerCase()}`;
        const doc = docsByFile.get(name)?.bytes;
        if (!doc) throw new Error(`document manual/files/${name} is missing`);
        if (sha256(doc) !== s.fileSha256 || doc.length !== s.size)
          throw new Error(`document manual/files/${name} does not match the statement's SHA-256 and size`);
      }
      if (s.kind === 'approval' && !files.has(statementPath(s.evidence)))
        throw new Error(`approves ${s.evidence}, which is not archived`);
    } catch (err) {
      problems.push(`${path}: ${message(err)}`);
    }
  }
  const have = new Set(statements);
  for (const p of files.keys()) {
    const m = PROOF.exec(p);
    if (m && !have.has(m[1]!)) problems.push(`${p} proves a statement that is not in the archive`);
  }
  return checkOf(
    'manual-evidence',
    problems,
    `${statements.length} manual, approval and exception statements are in the log at the closing checkpoint`,
  );
}
