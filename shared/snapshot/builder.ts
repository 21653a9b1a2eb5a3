import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { sha256Hex } from '../evidence/canonical.js';
import { leafHash } from '../ledger/merkle.js';
import { verifyInclusion } from '../ledger/merkle-verify.js';
import {
  SNAPSHOT_SCHEMA,
  manifestBytes,
  manifestStatement,
  sha256Sums,
  sortFiles,
  type Manifest,
  type ManifestFile,
} from './manifest.js';
import { manualSnapshotFiles } from './manual-files.js';
import { planSnapshot, type PlannedArtifact, type SnapshotDeps, type SnapshotPlan } from './plan.js';
import type { SnapshotRequest } from './request.js';
import { smallFiles } from './small-files.js';
import { ZipWriter } from './zip-writer.js';

export type { SnapshotDeps, SnapshotPlan } from './plan.js';

/** What a finished build reports. */
export interface SnapshotSummary {
  readonly manifest: Manifest;
  /** Hex SHA-256 of manifest.json. */
  readonly manifestSha256: string;
  readonly artifacts: number;
  readonly evidenceBytes: number;
}

const PREFETCH = 8;
/** File output buffer: room for a few artifacts, so writing one overlaps preparing the next. */
const OUT_BUFFER = 1024 * 1024;

/**
 * Builds a snapshot zip and streams it into `output`. The request is validated and every artifact resolved first
 * (planSnapshot): on a ValidationError nothing is written. Artifacts are then read one by one from the store (a few
 * ahead, never the whole set) and the zip is produced as it is consumed.
 */
export async function buildSnapshot(
  request: SnapshotRequest,
  deps: SnapshotDeps,
  output: Writable,
): Promise<SnapshotSummary> {
  return writeSnapshot(await planSnapshot(request, deps), deps, output);
}

/** buildSnapshot into a local file, created only after validation and removed again if the build fails. */
export async function buildSnapshotToFile(
  request: SnapshotRequest,
  deps: SnapshotDeps,
  path: string,
): Promise<SnapshotSummary> {
  const plan = await planSnapshot(request, deps);
  try {
    return await writeSnapshot(
      plan,
      deps,
      createWriteStream(path, { flags: 'wx', highWaterMark: OUT_BUFFER }),
    );
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
}

/** Writes the zip for a resolved plan into `output`; on failure `output` is destroyed with the error. */
export async function writeSnapshot(
  plan: SnapshotPlan,
  deps: SnapshotDeps,
  output: Writable,
): Promise<SnapshotSummary> {
  const zip = new ZipWriter(output, {
    compress: plan.request.compress ?? true,
    mtime: new Date(plan.createdAt),
  });
  const files: ManifestFile[] = [];
  let evidenceBytes = 0;
  const add = async (path: string, bytes: Buffer, sha256 = sha256Hex(bytes)) => {
    files.push({ path, sha256, size: bytes.length });
    await zip.add(path, bytes);
  };
  try {
    // Evidence i and its inclusion proof are read in order, a few artifacts ahead of the zip writer.
    const fetcher = prefetcher(plan.artifacts, (a) => fetchArtifact(a, plan, deps), PREFETCH);
    for (let i = 0; i < plan.artifacts.length; i++) {
      const a = plan.artifacts[i]!;
      const { bytes, proof } = await fetcher(i);
      evidenceBytes += bytes.length;
      await add(a.path, bytes, a.sha256);
      await add(`proofs/inclusion/${a.sha256}.json`, proof);
    }
    let manualSection: string | undefined;
    if (deps.manual) {
      const m = await manualSnapshotFiles(deps.manual, plan.checkpoint.checkpoint, new Date(plan.to - 1));
      for (const [path, bytes] of m.files) await add(path, bytes);
      manualSection = m.section;
    }
    for (const s of plan.statements) await add(s.path, s.bytes);
    for (const [path, bytes] of smallFiles(plan, manualSection)) await add(path, bytes);

    const manifest = buildManifest(plan, sortFiles(files));
    const bytes = manifestBytes(manifest);
    const manifestSha256 = sha256Hex(bytes);
    const statement = manifestStatement(manifestSha256);
    const sig = await deps.signer.sign(statement);
    await zip.add('manifest.json', bytes);
    await zip.add('manifest.statement.json', statement);
    await zip.add('manifest.sig', sig);
    await zip.add('SHA256SUMS', sha256Sums(manifest));
    await zip.finish();
    await finished(output, { readable: false });
    return { manifest, manifestSha256, artifacts: plan.artifacts.length, evidenceBytes };
  } catch (err) {
    output.destroy(err as Error);
    throw err;
  }
}

function buildManifest(plan: SnapshotPlan, files: ManifestFile[]): Manifest {
  const { framework, window, toolVersion } = plan.request;
  return {
    schema: SNAPSHOT_SCHEMA,
    framework,
    window: {
      start: window.start,
      end: window.end,
      ...(window.timeZone ? { timeZone: window.timeZone } : {}),
    },
    controls: [...plan.controls],
    createdAt: plan.createdAt,
    toolVersion,
    checkpoint: plan.checkpoint,
    ...(plan.startCheckpoint ? { startCheckpoint: plan.startCheckpoint } : {}),
    files,
  };
}

async function fetchArtifact(
  a: PlannedArtifact,
  plan: SnapshotPlan,
  deps: SnapshotDeps,
): Promise<{ bytes: Buffer; proof: Buffer }> {
  const { treeSize, rootHash } = plan.checkpoint.checkpoint;
  // getBytes checks the bytes against the ledger-recorded hash: the one hash computed per artifact.
  const [bytes, auditPath] = await Promise.all([
    deps.store.getBytes(a.key, a.sha256),
    deps.ledger.inclusionProof(a.index, treeSize),
  ]);
  verifyInclusion(leafHash(Buffer.from(a.sha256, 'hex')), a.index, treeSize, auditPath, rootHash);
  const proof = Buffer.from(
    JSON.stringify({ leafIndex: a.index, treeSize, auditPath }, null, 2) + '\n',
    'utf8',
  );
  return { bytes, proof };
}

/** Ordered reads with bounded look-ahead: `take(i)` starts items i..i+depth-1 and hands back item i, forgetting it. */
function prefetcher<T, R>(
  items: readonly T[],
  load: (item: T) => Promise<R>,
  depth: number,
): (i: number) => Promise<R> {
  const inflight = new Map<number, Promise<R>>();
  let next = 0;
  return (i: number) => {
    for (let j = Math.max(i, next); j < Math.min(i + depth, items.length); j++) {
      const p = load(items[j]!);
      p.catch(() => undefined); // handled by whoever takes it
      inflight.set(j, p);
    }
    next = Math.max(next, i + depth);
    const p = inflight.get(i) ?? load(items[i]!);
    inflight.delete(i);
    return p;
  };
}
