import { randomBytes } from 'node:crypto';
import { paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { getFramework } from '../../frameworks/index.js';
import type { Control, FrameworkId } from '../../frameworks/schema.js';
import { AccessDeniedError, NotFoundError, SnapshotTooLargeError } from '../errors.js';
import type { Ledger, Signer } from '../ledger/types.js';
import type { ResultsStore } from '../mapping/results-store.js';
import { uploadSnapshot } from '../snapshot/s3-upload.js';
import type { EvidenceStore, RetentionPolicy } from '../store/types.js';
import type { BlobStore } from '../manual/types.js';
import { loadStatements } from '../manual/log.js';
import { manualView } from '../manual/state.js';
import { evaluateFrameworkWindow } from '../usecases/framework-window.js';
import { windowSnapshotRequest } from '../usecases/window-snapshot.js';
import type { WindowSpec } from '../window/periods.js';
import type { ScopeExclusion } from '../window/scope.js';
import { recordIssuance, type AccessEvidenceDeps } from './access-evidence.js';
import { urlId } from '../collectors/snapshot-access-log/access-log.js';
import { presignGet, type PresignedUrl } from './presign.js';
import { authorize, engagementPrefix, type Auditor, type Decision } from './scope.js';

const DAY_MS = 86_400_000;
/** A snapshot id: its creation time and 8 random hex, e.g. `20260201T000000Z-1a2b3c4d`. */
export const SNAPSHOT_ID = /^\d{8}T\d{6}Z-[0-9a-f]{8}$/;
const KEY =
  /^snapshots\/([a-z0-9-]{3,64})\/([a-z0-9-]+)\/(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})\/(\d{8}T\d{6}Z-[0-9a-f]{8})\.zip$/;

/** Everything the snapshot service reads and writes through. */
export interface SnapshotServiceDeps {
  /** Client for uploads and listings. */
  readonly s3: S3Client;
  /** Client for presigning (createPresignClient). */
  readonly presignS3: S3Client;
  readonly bucket: string;
  readonly store: EvidenceStore;
  /** Observation statements (logged re-observations), archived as leaves of the snapshot's log population. */
  readonly statements?: Pick<BlobStore, 'get'>;
  readonly ledger: Ledger;
  readonly signer: Signer;
  readonly results: Pick<ResultsStore, 'results'>;
  readonly controls: readonly Control[];
  /**
   * Manual evidence, approvals and exceptions (the person-made statements and their documents): judged in the
   * window evaluation and archived in the snapshot, as `window --snapshot` does. Absent: automated evidence only.
   */
  readonly manual?: BlobStore;
  /** Requirements the configuration declares out of scope. */
  readonly exclusions?: readonly ScopeExclusion[];
  readonly auditors: readonly Auditor[];
  /** Operator principals (configuration `operators`): the API lets them act for any configured engagement. */
  readonly operators?: readonly string[];
  readonly retention?: RetentionPolicy;
  readonly toolVersion: string;
  readonly accessEvidence: Omit<AccessEvidenceDeps, 'store' | 'now'>;
  readonly now: () => Date;
  /**
   * Most distinct artifacts one snapshot may cite (the snapshot API's measured Lambda ceiling); unset: no limit
   * (the operator's CLI, which has no time limit). Checked before anything is written.
   */
  readonly maxArtifacts?: number;
  /** Multipart part size (tests; default 8 MiB). */
  readonly partSize?: number;
}

/**
 * Who asks: an auditor (checked against its principal) or an operator acting for an engagement (the CLI with the
 * operator's own AWS credentials, or a configured `operators` principal through the API).
 */
export type Caller =
  | { readonly kind: 'auditor'; readonly principal: string }
  | { readonly kind: 'operator'; readonly principal: string };

/** A stored snapshot, as listed. */
export interface SnapshotInfo {
  readonly id: string;
  readonly key: string;
  readonly engagement: string;
  readonly framework: string;
  readonly window: { readonly start: string; readonly end: string };
  readonly size?: number;
  readonly lastModified?: string;
}

/** The object key of a snapshot. */
function snapshotKey(engagement: string, framework: string, window: WindowSpec, id: string): string {
  return `${engagementPrefix(engagement)}${framework}/${window.start}_${window.end}/${id}.zip`;
}

/** Parses a snapshot key; undefined for anything else under `snapshots/`. */
function parseSnapshotKey(key: string): Omit<SnapshotInfo, 'size' | 'lastModified'> | undefined {
  const m = KEY.exec(key);
  return m
    ? { key, engagement: m[1]!, framework: m[2]!, window: { start: m[3]!, end: m[4]! }, id: m[5]! }
    : undefined;
}

/** Throws AccessDeniedError unless the caller may reach the engagement (and framework) now. */
function requireAccess(
  caller: Caller,
  engagement: string,
  deps: Pick<SnapshotServiceDeps, 'auditors' | 'now'>,
  framework?: string,
) {
  const now = deps.now();
  const decision: Decision =
    caller.kind === 'auditor'
      ? authorize(caller.principal, engagement, deps.auditors, now, framework)
      : authorizeOperator(engagement, deps.auditors, now, framework);
  if (!decision.allowed)
    throw new AccessDeniedError(decision.reason, decision.message, {
      engagement,
      ...(framework ? { framework } : {}),
    });
  return decision;
}

function authorizeOperator(
  engagement: string,
  auditors: readonly Auditor[],
  now: Date,
  framework?: string,
): Decision {
  const a = auditors.find((x) => x.engagement === engagement);
  if (!a)
    return {
      allowed: false,
      reason: 'other-engagement',
      message: `no engagement ${engagement} is configured`,
    };
  return authorize(a.principalArn, engagement, auditors, now, framework);
}

/** What a snapshot is asked for (the API's POST /snapshots body, the CLI's `snapshot create`). */
export interface SnapshotAskBody {
  readonly engagement: string;
  readonly framework: string;
  readonly window: WindowSpec;
  readonly controls?: readonly string[];
  readonly sinceTreeSize?: number;
  readonly auditorNonce?: string;
}

/** A new snapshot id: its creation time and 8 random hex. */
export function newSnapshotId(now: Date): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')}-${randomBytes(4).toString('hex')}`;
}

/** Where snapshot `id` of an ask is stored, as listed. */
export function snapshotInfoOf(
  ask: SnapshotAskBody,
  id: string,
): Omit<SnapshotInfo, 'size' | 'lastModified'> {
  return parseSnapshotKey(snapshotKey(ask.engagement, ask.framework, ask.window, id))!;
}

/**
 * Everything a build is refused for, checked before anything is written: the caller's access, the request (the one
 * window evaluation the CLI's `window` also runs, then its snapshot request) and the artifact ceiling.
 */
export async function prepareSnapshot(caller: Caller, ask: SnapshotAskBody, deps: SnapshotServiceDeps) {
  requireAccess(caller, ask.engagement, deps, ask.framework);
  // requireAccess refuses a framework outside the engagement's, which are framework ids.
  const framework = getFramework(ask.framework as FrameworkId);
  const evaluation = await evaluateFrameworkWindow({
    framework,
    controls: deps.controls,
    results: deps.results,
    ledger: deps.ledger,
    window: ask.window,
    ...(deps.manual ? { manual: manualView(await loadStatements(deps.ledger, deps.manual)) } : {}),
    ...(ask.auditorNonce !== undefined ? { auditorNonce: ask.auditorNonce } : {}),
    ...(deps.exclusions ? { exclusions: deps.exclusions } : {}),
  });
  const request = windowSnapshotRequest(evaluation, {
    toolVersion: deps.toolVersion,
    ...(ask.controls ? { controls: ask.controls } : {}),
    ...(ask.sinceTreeSize !== undefined ? { sinceTreeSize: ask.sinceTreeSize } : {}),
  });
  const cited = new Set(request.results.flatMap((r) => r.artifacts)).size;
  if (deps.maxArtifacts !== undefined && cited > deps.maxArtifacts)
    throw new SnapshotTooLargeError(
      cited,
      deps.maxArtifacts,
      'ask for a shorter window or a subset of controls (several snapshots), or build it with `flux-evidence snapshot create`, which has no time limit',
    );
  return { request, framework, cited };
}

/**
 * Builds a snapshot for an engagement and streams it into `snapshots/<engagement>/<framework>/<window>/<id>.zip`,
 * locked. `id` is given when a queued build runs (the API answered with it); otherwise a new one is made.
 */
export async function createSnapshot(
  caller: Caller,
  ask: SnapshotAskBody,
  deps: SnapshotServiceDeps,
  id?: string,
): Promise<SnapshotInfo & { artifacts: number; manifestSha256: string }> {
  const { request, framework } = await prepareSnapshot(caller, ask, deps);
  const now = deps.now();
  const key = snapshotKey(ask.engagement, ask.framework, ask.window, id ?? newSnapshotId(now));
  const out = await uploadSnapshot(
    request,
    {
      store: deps.store,
      ledger: deps.ledger,
      signer: deps.signer,
      now: () => now,
      ...(deps.statements ? { statements: deps.statements } : {}),
      ...(deps.manual
        ? { manual: { blobs: deps.manual, ledger: deps.ledger, framework, controls: deps.controls } }
        : {}),
    },
    {
      client: deps.s3,
      bucket: deps.bucket,
      key,
      ...(deps.partSize ? { partSize: deps.partSize } : {}),
      ...(deps.retention
        ? {
            objectLock: {
              mode: deps.retention.mode,
              retainUntil: new Date(now.getTime() + deps.retention.days * DAY_MS),
            },
          }
        : {}),
    },
  );
  return { ...parseSnapshotKey(key)!, artifacts: out.artifacts, manifestSha256: out.manifestSha256 };
}

/** Lists an engagement's snapshots (only keys under its prefix), oldest first. */
export async function listSnapshots(
  caller: Caller,
  engagement: string,
  deps: SnapshotServiceDeps,
): Promise<SnapshotInfo[]> {
  const { auditor } = requireAccess(caller, engagement, deps) as Extract<Decision, { allowed: true }>;
  const out: SnapshotInfo[] = [];
  for await (const page of paginateListObjectsV2(
    { client: deps.s3 },
    { Bucket: deps.bucket, Prefix: engagementPrefix(engagement) },
  )) {
    for (const o of page.Contents ?? []) {
      const info = o.Key ? parseSnapshotKey(o.Key) : undefined;
      if (
        !info ||
        info.engagement !== engagement ||
        !(auditor.frameworks as readonly string[]).includes(info.framework)
      )
        continue;
      out.push({
        ...info,
        ...(o.Size !== undefined ? { size: o.Size } : {}),
        ...(o.LastModified ? { lastModified: o.LastModified.toISOString() } : {}),
      });
    }
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Issues a presigned download URL for one snapshot of the engagement, never outliving the engagement or the
 * signing credentials, and records the issuance as `snapshot-access-log` evidence before handing the URL out.
 */
export async function issueSnapshotUrl(
  caller: Caller,
  ask: { engagement: string; id: string; expiresIn?: number },
  deps: SnapshotServiceDeps,
): Promise<PresignedUrl & { snapshotKey: string; evidence: { sha256: string; key: string } }> {
  const { endsAt } = requireAccess(caller, ask.engagement, deps) as Extract<Decision, { allowed: true }>;
  const snapshot = (await listSnapshots(caller, ask.engagement, deps)).find((s) => s.id === ask.id);
  if (!snapshot) throw new NotFoundError('snapshot', `${ask.engagement}/${ask.id}`);
  requireAccess(caller, ask.engagement, deps, snapshot.framework);
  const url = await presignGet({
    s3: deps.presignS3,
    bucket: deps.bucket,
    key: snapshot.key,
    now: deps.now(),
    notAfter: endsAt,
    ...(ask.expiresIn !== undefined ? { expiresIn: ask.expiresIn } : {}),
  });
  const id = urlId(url.url);
  const stored = await recordIssuance(
    {
      snapshotKey: snapshot.key,
      principal: caller.principal,
      engagement: ask.engagement,
      issuedAt: url.issuedAt,
      expiresAt: url.expiresAt,
      expiresIn: url.expiresIn,
      requestedExpiresIn: url.requestedExpiresIn,
      ...(url.cappedBy ? { cappedBy: [...url.cappedBy] } : {}),
      ...(id ? { urlId: id } : {}),
    },
    { ...deps.accessEvidence, store: deps.store, now: deps.now },
  );
  return { ...url, snapshotKey: snapshot.key, evidence: { sha256: stored.sha256, key: stored.key } };
}
