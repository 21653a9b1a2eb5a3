import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { sha256Hex } from '../evidence/canonical.js';
import { leafHash } from '../ledger/merkle.js';
import { verifyInclusion } from '../ledger/merkle-verify.js';
import { keyFingerprint } from '../ledger/signer.js';
import type { Signer } from '../ledger/types.js';
import {
  SNAPSHOT_SCHEMA,
  manifestBytes,
  sha256Sums,
  sortFiles,
  type Manifest,
  type ManifestFile,
} from './manifest.js';
import { planSnapshot, type PlannedArtifact, type SnapshotDeps, type SnapshotPlan } from './plan.js';
import type { SnapshotRequest } from './request.js';
import { smallFiles } from './small-files.js';

export type { SnapshotDeps, SnapshotPlan } from './plan.js';

/** What a finished build reports. */
export interface SnapshotSummary {
  readonly manifest: Manifest;
  /** Hex SHA-256 of manifest.json. */
  readonly manifestSha256: string;
  readonly artifacts: number;
  readonly evidenceBytes: number;
}

/** A signer that can also sign a precomputed SHA-256 (KMS MessageType DIGEST), for manifests over 4 KB. */
interface DigestSigner extends Signer {
  signDigest(digest: Buffer): Promise<Buffer>;
}

const KMS_RAW_LIMIT = 4096;
const PREFETCH = 8;

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
    return await writeSnapshot(plan, deps, createWriteStream(path, { flags: 'wx' }));
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
}

/** Writes the zip for a resolved plan into `output`. */
export async function writeSnapshot(
  plan: SnapshotPlan,
  deps: SnapshotDeps,
  output: Writable,
): Promise<SnapshotSummary> {
  const zip = new yazl.ZipFile();
  const mtime = new Date(plan.createdAt);
  const opts = { compress: plan.request.compress ?? true, mtime };
  const files: ManifestFile[] = [];
  let evidenceBytes = 0;
  const done = pipeline(zip.outputStream, output);
  zip.on('error', (err: Error) => (zip.outputStream as Readable).destroy(err));

  // Evidence i and its inclusion proof are read lazily, in order, a few artifacts ahead of the zip writer.
  const fetcher = prefetcher(plan.artifacts, (a) => fetchArtifact(a, plan, deps), PREFETCH);
  const proofs = new Map<number, Buffer>();
  plan.artifacts.forEach((a, i) => {
    zip.addReadStreamLazy(a.path, opts, (cb) => {
      fetcher(i).then(
        ({ bytes, proof }) => {
          files.push({ path: a.path, sha256: a.sha256, size: bytes.length });
          evidenceBytes += bytes.length;
          proofs.set(i, proof);
          cb(null, Readable.from([bytes]));
        },
        (err: unknown) => cb(err as Error, undefined as never),
      );
    });
    const proofPath = `proofs/inclusion/${a.sha256}.json`;
    zip.addReadStreamLazy(proofPath, opts, (cb) => {
      const proof = proofs.get(i)!;
      proofs.delete(i);
      files.push({ path: proofPath, sha256: sha256Hex(proof), size: proof.length });
      cb(null, Readable.from([proof]));
    });
  });

  for (const [path, bytes] of smallFiles(plan, keyFingerprint(plan.publicKeyPem))) {
    files.push({ path, sha256: sha256Hex(bytes), size: bytes.length });
    zip.addBuffer(bytes, path, opts);
  }

  // The manifest is produced lazily: yazl asks for it only after every earlier entry was read, so `files` is complete.
  let signed: Promise<{ manifest: Manifest; bytes: Buffer; sig: Buffer }> | undefined;
  const sign = () =>
    (signed ??= (async () => {
      const manifest = buildManifest(plan, sortFiles(files));
      const bytes = manifestBytes(manifest);
      const sig = await signManifest(deps.signer, bytes);
      return { manifest, bytes, sig };
    })());
  const lazy = (path: string, pick: (s: Awaited<ReturnType<typeof sign>>) => Buffer) =>
    zip.addReadStreamLazy(path, opts, (cb) => {
      sign().then(
        (s) => cb(null, Readable.from([pick(s)])),
        (err: unknown) => cb(err as Error, undefined as never),
      );
    });
  lazy('manifest.json', (s) => s.bytes);
  lazy('manifest.sig', (s) => s.sig);
  lazy('SHA256SUMS', (s) => sha256Sums(s.manifest));
  zip.end();
  await done;
  const { manifest, bytes } = await sign();
  return { manifest, manifestSha256: sha256Hex(bytes), artifacts: plan.artifacts.length, evidenceBytes };
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

async function signManifest(signer: Signer, bytes: Buffer): Promise<Buffer> {
  const ds = signer as Partial<DigestSigner>;
  if (bytes.length > KMS_RAW_LIMIT && typeof ds.signDigest === 'function') {
    return ds.signDigest(Buffer.from(sha256Hex(bytes), 'hex'));
  }
  return signer.sign(bytes);
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
