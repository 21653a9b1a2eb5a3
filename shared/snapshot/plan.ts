import type { BlobStore } from '../manual/types.js';
import type { ManualSnapshotDeps } from './manual-files.js';
import pLimit from 'p-limit';
import { NotFoundError, ValidationError } from '../errors.js';
import type { EvidenceStore } from '../store/types.js';
import type { Ledger, SignedCheckpoint, Signer } from '../ledger/types.js';
import { verifyCheckpoint } from '../ledger/verify-checkpoint.js';
import { verifyConsistency } from '../ledger/merkle-verify.js';
import { EMPTY_ROOT } from '../ledger/merkle.js';
import type { ControlResult } from '../mapping/types.js';
import { parseInstant } from '../window/instant.js';
import { zipPathProblem } from './manifest.js';
import { buildLogPopulation, type LogPopulation, type StatementFile } from './log-population.js';
import { windowCheckpoints, type WindowCheckpoint } from './window-checkpoints.js';
import { checkRequest, type CheckedRequest, type SnapshotRequest } from './request.js';

/** What the builder reads from: the evidence store, the ledger and the signer (KMS in the platform). */
export interface SnapshotDeps {
  readonly store: Pick<EvidenceStore, 'getBytes'>;
  readonly ledger: Pick<
    Ledger,
    'get' | 'entryAt' | 'entries' | 'inclusionProof' | 'consistencyProof' | 'latestCheckpoint'
  >;
  readonly signer: Signer;
  /** Clock for `createdAt` (default: now). */
  readonly now?: () => Date;
  /** Ledger look-ups and artifact reads in flight at once (default 16). */
  readonly concurrency?: number;
  /** Archive manual evidence, approvals and exceptions too (see manual-files.ts). */
  readonly manual?: ManualSnapshotDeps;
  /** Where observation statements (logged re-observations) are read from when `manual` is not given. */
  readonly statements?: Pick<BlobStore, 'get'>;
}

/** One artifact to archive. */
export interface PlannedArtifact {
  readonly sha256: string;
  readonly index: number;
  /** Path inside the zip (the store key, which starts with `evidence/`). */
  readonly path: string;
  readonly key: string;
}

/** Everything decided before the first byte is written. */
export interface SnapshotPlan extends CheckedRequest {
  readonly createdAt: string;
  readonly checkpoint: SignedCheckpoint;
  readonly startCheckpoint?: SignedCheckpoint;
  readonly consistency: readonly string[];
  /** Consistency proof from the tree size the auditor kept (request.sinceTreeSize) to the closing checkpoint. */
  readonly since?: { readonly treeSize: number; readonly proof: readonly string[] };
  /** Every log leaf between the start and closing checkpoints, and the statement leaves to archive. */
  readonly population: LogPopulation;
  readonly statements: readonly StatementFile[];
  /** Every checkpoint signed between the start and closing checkpoints, with its proof to the closing one. */
  readonly windowCheckpoints: readonly WindowCheckpoint[];
  readonly publicKeyPem: string;
  readonly resultsOf: ReadonlyMap<string, readonly ControlResult[]>;
  readonly artifacts: readonly PlannedArtifact[];
}

/**
 * Validates the request and resolves every artifact, checkpoint and the consistency proof, with no output written:
 * a ValidationError (bad request, unsafe path, artifact outside the checkpoint), NotFoundError (artifact not in the
 * ledger) or IntegrityError (checkpoint not signed by the signer, bad consistency proof) stops the build here.
 */
export async function planSnapshot(request: SnapshotRequest, deps: SnapshotDeps): Promise<SnapshotPlan> {
  const checked = checkRequest(request);
  const selected = new Set(checked.controls);
  const resultsOf = new Map<string, ControlResult[]>(checked.controls.map((c) => [c, []]));
  for (const r of request.results) {
    if (!selected.has(r.controlId)) continue;
    const t = parseInstant(r.observedAt);
    if (t >= checked.from && t < checked.to) resultsOf.get(r.controlId)!.push(r);
  }
  for (const list of resultsOf.values())
    list.sort((a, b) => parseInstant(a.observedAt) - parseInstant(b.observedAt));

  const publicKeyPem = await deps.signer.publicKeyPem();
  const checkpoint = request.checkpoint ?? (await deps.ledger.latestCheckpoint());
  if (!checkpoint)
    throw new ValidationError('snapshot request', [
      'checkpoint: the ledger has no checkpoint to close the window',
    ]);
  verifyCheckpoint(checkpoint, publicKeyPem);
  const startCheckpoint =
    request.startCheckpoint === null
      ? undefined
      : (request.startCheckpoint ?? (await deps.ledger.latestCheckpoint(new Date(checked.from))));
  let consistency: string[] = [];
  if (startCheckpoint) {
    verifyCheckpoint(startCheckpoint, publicKeyPem, { origin: checkpoint.checkpoint.origin });
    const [a, b] = [startCheckpoint.checkpoint, checkpoint.checkpoint];
    if (a.treeSize > b.treeSize) {
      throw new ValidationError('snapshot request', [
        `startCheckpoint: tree size ${a.treeSize} is after the closing checkpoint's ${b.treeSize}`,
      ]);
    }
    consistency = await deps.ledger.consistencyProof(a.treeSize, b.treeSize);
    verifyConsistency(a.treeSize, b.treeSize, consistency, a.rootHash, b.rootHash);
  }

  const hashes = [...new Set([...resultsOf.values()].flatMap((rs) => rs.flatMap((r) => r.artifacts)))];
  const limit = pLimit(deps.concurrency ?? 16);
  const treeSize = checkpoint.checkpoint.treeSize;
  const issues: string[] = [];
  const artifacts = await Promise.all(
    hashes.map((sha256) =>
      limit(async (): Promise<PlannedArtifact | undefined> => {
        const entry = await deps.ledger.get(sha256);
        if (!entry) throw new NotFoundError('ledger entry of artifact', sha256);
        const path = entry.key.startsWith('evidence/') ? entry.key : `evidence/${entry.key}`;
        const problem = zipPathProblem(path);
        if (problem) issues.push(`artifact ${sha256}: ${problem}`);
        else if (!path.endsWith(`_${sha256}.json`))
          issues.push(`artifact ${sha256}: key ${JSON.stringify(entry.key)} is not named by its hash`);
        else if (entry.index >= treeSize)
          issues.push(
            `artifact ${sha256}: log index ${entry.index} is not covered by the closing checkpoint (tree size ${treeSize})`,
          );
        else return { sha256, index: entry.index, path, key: entry.key };
        return undefined;
      }),
    ),
  );
  if (issues.length) throw new ValidationError('snapshot evidence', issues);
  const planned = (artifacts as PlannedArtifact[]).sort((a, b) => (a.path < b.path ? -1 : 1));
  const since = await sinceProof(request.sinceTreeSize, checkpoint, deps);
  const { population, statements } = await buildLogPopulation(
    startCheckpoint?.checkpoint ?? { treeSize: 0, rootHash: EMPTY_ROOT.toString('hex') },
    checkpoint.checkpoint,
    // Cited observation statements (logged re-observations) are archived as leaves, so they count as included.
    new Set([...hashes, ...[...resultsOf.values()].flatMap((rs) => rs.flatMap((r) => r.observations ?? []))]),
    deps,
  );
  return {
    ...checked,
    createdAt: (deps.now?.() ?? new Date()).toISOString(),
    checkpoint,
    ...(startCheckpoint ? { startCheckpoint } : {}),
    consistency,
    ...(since ? { since } : {}),
    population,
    statements,
    windowCheckpoints: await windowCheckpoints(deps.ledger, checkpoint, startCheckpoint),
    publicKeyPem,
    resultsOf,
    artifacts: planned,
  };
}

/** The consistency proof from a tree size the auditor kept to the closing checkpoint (none when not asked). */
async function sinceProof(
  size: number | undefined,
  closing: SignedCheckpoint,
  deps: SnapshotDeps,
): Promise<{ treeSize: number; proof: string[] } | undefined> {
  if (size === undefined) return undefined;
  const to = closing.checkpoint.treeSize;
  if (!Number.isSafeInteger(size) || size < 1 || size > to)
    throw new ValidationError('snapshot request', [
      `sinceTreeSize: ${size} must be a whole number from 1 to the closing checkpoint's tree size ${to}`,
    ]);
  return { treeSize: size, proof: await deps.ledger.consistencyProof(size, to) };
}
