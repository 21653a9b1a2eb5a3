import { controlsForRequirement, type Control, type Framework } from '../../frameworks/index.js';
import { leafHash } from '../ledger/merkle.js';
import { verifyInclusion } from '../ledger/merkle-verify.js';
import type { Ledger } from '../ledger/types.js';
import type { BlobStore } from '../manual/types.js';
import { loadStatements, type Logged } from '../manual/log.js';
import { manualView, requirementManualState } from '../manual/state.js';
import { documentPath, manualProofPath, statementPath } from './manual-paths.js';
import { manualReportSection, type ManualIndex } from './manual-report.js';

/** What a snapshot needs to archive the person-made part of the log. */
export interface ManualSnapshotDeps {
  readonly blobs: BlobStore;
  readonly ledger: Pick<Ledger, 'get' | 'inclusionProof'>;
  readonly framework: Framework;
  readonly controls: readonly Control[];
}

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8');

/**
 * The files that put manual evidence in a snapshot: every manual, approval and exception statement in the log at
 * the closing checkpoint (its exact bytes, which are its leaf, with an inclusion proof), each document file, and
 * `manual/index.json`, which lists per requirement the documents and approvals it rests on, its manual state at the
 * window's end, and the accepted exceptions. Each statement's proof is checked before it is archived.
 */
export async function manualSnapshotFiles(
  deps: ManualSnapshotDeps,
  closing: { readonly treeSize: number; readonly rootHash: string },
  windowEnd: Date,
): Promise<{ files: [string, Buffer][]; section: string }> {
  const all = await loadStatements(deps.ledger, deps.blobs, closing.treeSize);
  const out: [string, Buffer][] = [];
  const archive = async (l: Logged) => {
    const bytes = await deps.blobs.get(l.key, l.id);
    const auditPath = await deps.ledger.inclusionProof(l.index, closing.treeSize);
    verifyInclusion(leafHash(bytes), l.index, closing.treeSize, auditPath, closing.rootHash);
    out.push([statementPath(l.id), bytes]);
    out.push([manualProofPath(l.id), json({ leafIndex: l.index, treeSize: closing.treeSize, auditPath })]);
    if (l.statement.kind === 'manual') {
      const file = await deps.blobs.get(l.statement.key, l.statement.fileSha256);
      out.push([documentPath(l.statement.key), file]);
    }
  };
  for (const l of all) await archive(l);

  const view = manualView(all);
  const f = deps.framework;
  const requirements = f.requirements
    .filter((r) => r.assessable)
    .flatMap((r) => {
      const key = `${f.id}:${r.id}`;
      const mapped = controlsForRequirement(deps.controls, f.id, r.id);
      const manualControls = mapped.filter((c) => c.automation !== 'automated').map((c) => c.id);
      if (r.manualEvidence === undefined && manualControls.length === 0) return [];
      const docs = view.documents.filter(
        (d) =>
          d.statement.requirements.includes(key) ||
          d.statement.controls.some((c) => manualControls.includes(c)),
      );
      const v = requirementManualState(
        view,
        key,
        { ownHint: r.manualEvidence !== undefined, manualControls },
        windowEnd,
      );
      return [
        {
          requirement: r.id,
          state: v.state,
          documents: docs.map((d) => ({
            id: d.id,
            title: d.statement.title,
            owner: d.statement.owner,
            file: documentPath(d.statement.key),
            statement: statementPath(d.id),
            ...(d.statement.validUntil ? { validUntil: d.statement.validUntil } : {}),
            approvals: d.approvals.map((a) => ({ id: a.id, by: a.statement.by, at: a.statement.at })),
          })),
        },
      ];
    });
  const mapped = new Set(
    deps.controls.filter((c) => c.mappings.some((m) => m.framework === f.id)).map((c) => c.id),
  );
  const exceptions = view.exceptions
    .filter((e) => mapped.has(e.statement.control))
    .map((e) => ({ id: e.id, statement: statementPath(e.id), ...e.statement }));
  const index: ManualIndex = { at: windowEnd.toISOString(), requirements, exceptions };
  out.push(['manual/index.json', json({ framework: f.id, ...index })]);
  return { files: out, section: manualReportSection(index) };
}
