// Snapshot build at scale: 10,000 evidence artifacts of ~100 KB (about 1 GB) in a local file-backed store,
// archived (stored, zip -0) with buildSnapshotToFile in a child process whose peak RSS is read back, against
// `sha256sum` + `zip -0` over the same files in the same run. Then a 500-artifact snapshot streamed into the
// emulator's S3 through uploadSnapshot. Targets: throughput ≥ 70% of the baseline; peak RSS ≤ 256 MB and flat
// from 2,500 to 10,000 artifacts. The largest snapshot is then verified offline against `sha256sum -c` on the same
// files (target ≥ 70%), and a 1 GiB zip bomb is verified for peak RSS (target ≤ 256 MB): bench/verify.ts.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sealEnvelope } from '../shared/evidence/artifact.js';
import { ENVELOPE_SCHEMA } from '../shared/evidence/envelope.js';
import { LocalSigner } from '../shared/ledger/signer.js';
import { LocalEvidenceStore } from '../shared/locker/local-store.js';
import type { ControlResult } from '../shared/mapping/types.js';
import { buildSnapshotToFile } from '../shared/snapshot/builder.js';
import type { SnapshotDeps } from '../shared/snapshot/plan.js';
import type { SnapshotRequest } from '../shared/snapshot/request.js';
import { MemoryLedger } from '../shared/snapshot/testing/memory.js';
import { evaluateWindows } from '../shared/window/evaluate.js';

export interface SnapshotBenchOptions {
  /** Emulator endpoint for the S3 upload run; without it that run is skipped. */
  readonly endpoint?: string;
  /** Snapshot sizes to measure (default 2,500 and 10,000). */
  readonly sizes?: readonly number[];
  /** Bytes of filler per artifact (default 100,000). */
  readonly artifactBytes?: number;
  /** Artifacts in the emulator run (default 500). */
  readonly s3Artifacts?: number;
}

interface Rec {
  readonly sha256: string;
  readonly key: string;
  readonly at: string;
}
interface ChildOut {
  readonly ms: number;
  readonly zipBytes: number;
  readonly evidenceBytes: number;
  readonly maxRssMB: number;
  /** RSS once the world (ledger, results, request) is built, before the snapshot: what the build adds is the rest. */
  readonly setupRssMB: number;
}

const WINDOW = { start: '2026-01-01', end: '2026-12-31' };
const MB = 1024 * 1024;

/** Writes `n` sealed ~`bytes`-byte envelopes into the store once; returns their ledger records in order. */
async function seed(root: string, n: number, bytes: number): Promise<Rec[]> {
  const store = new LocalEvidenceStore(root, 4 * bytes);
  const recs: Rec[] = [];
  const step = (365 * 86_400_000) / n;
  for (let i = 0; i < n; i++) {
    const at = new Date(Date.parse('2026-01-01T00:00:00Z') + Math.floor(i * step)).toISOString();
    const a = sealEnvelope({
      schema: ENVELOPE_SCHEMA,
      collector: 'aws-iam-credential-report',
      collectorVersion: '1.0.0',
      scope: { account: '123456789012', region: 'us-east-1' },
      observedAt: at,
      collectedAt: at,
      provenance: {
        identity: 'arn:aws:iam::123456789012:role/flux-collector',
        operations: [],
        complete: true,
      },
      data: { n: i, report: randomBytes(Math.ceil((bytes * 3) / 4)).toString('base64') },
      errors: [],
    });
    const stored = await store.put(a);
    recs.push({ sha256: a.sha256, key: stored.key, at });
  }
  return recs;
}

/** The world a build reads: the first `n` records in a memory ledger with a closing checkpoint, one result each. */
async function world(root: string, recs: readonly Rec[], n: number) {
  const signer = LocalSigner.generate();
  const ledger = new MemoryLedger('flux-evidence/bench');
  const results: ControlResult[] = [];
  for (const r of recs.slice(0, n)) {
    await ledger.append({
      sha256: r.sha256,
      key: r.key,
      collector: 'aws-iam-credential-report',
      scope: 'account=123456789012,region=us-east-1',
      observedAt: r.at,
      collectedAt: r.at,
    });
    results.push({
      controlId: 'IAM-11',
      status: 'PASS',
      reason: 'ok',
      failing: [],
      ruleVersions: { r: '1.0.0' },
      mappingVersion: '1.0.0',
      artifacts: [r.sha256],
      observedAt: r.at,
      evaluatedAt: r.at,
    });
  }
  await ledger.checkpoint(signer, new Date('2027-01-01T01:00:00Z'));
  const controls = [{ id: 'IAM-11', frequency: 'daily' as const }];
  const request: SnapshotRequest = {
    framework: 'soc2-2017',
    window: WINDOW,
    results,
    evaluation: { controls: evaluateWindows(WINDOW, controls, () => results) },
    toolVersion: '0.1.0',
    compress: false,
    startCheckpoint: null,
  };
  const deps: SnapshotDeps = {
    store: new LocalEvidenceStore(root),
    ledger,
    signer,
    now: () => new Date('2027-01-02T00:00:00Z'),
  };
  return { request, deps };
}

/** Child process: build one snapshot and report time and peak RSS. */
async function child(root: string, recsFile: string, n: number, out: string): Promise<void> {
  const recs = JSON.parse(readFileSync(recsFile, 'utf8')) as Rec[];
  const { request, deps } = await world(root, recs, n);
  const setupRssMB = process.memoryUsage.rss() / MB;
  const t0 = performance.now();
  const sum = await buildSnapshotToFile(request, deps, out);
  const ms = performance.now() - t0;
  const res: ChildOut = {
    ms,
    zipBytes: statSync(out).size,
    evidenceBytes: sum.evidenceBytes,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    setupRssMB,
  };
  process.stdout.write(JSON.stringify(res) + '\n');
}

function runChild(root: string, recsFile: string, n: number, out: string): Promise<ChildOut> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', root, recsFile, String(n), out],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      },
    );
    let text = '';
    p.stdout.on('data', (c: Buffer) => (text += c.toString()));
    p.on('error', reject);
    p.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(text.trim().split('\n').at(-1)!) as ChildOut)
        : reject(new Error(`bench child exited ${code}`)),
    );
  });
}

/** sha256sum + zip -0 over the same files: seconds. */
function baseline(root: string, recs: readonly Rec[], n: number, out: string): number {
  const list = join(root, `list-${n}.txt`);
  writeFileSync(
    list,
    recs
      .slice(0, n)
      .map((r) => r.key)
      .join('\n') + '\n',
  );
  const t0 = performance.now();
  execFileSync('bash', ['-c', `xargs -a ${list} sha256sum > /dev/null && zip -0 -q ${out} -@ < ${list}`], {
    cwd: root,
    stdio: 'inherit',
  });
  return (performance.now() - t0) / 1000;
}

/** Runs the benchmark, prints every figure and returns them. */
export async function run(opts: SnapshotBenchOptions = {}) {
  const sizes = [...(opts.sizes ?? [2500, 10_000])].sort((a, b) => a - b);
  const bytes = opts.artifactBytes ?? 100_000;
  const dir = mkdtempSync(join(tmpdir(), 'flux-bench-snapshot-'));
  const root = join(dir, 'store');
  try {
    const t0 = performance.now();
    const recs = await seed(root, Math.max(...sizes, opts.s3Artifacts ?? 500), bytes);
    const recsFile = join(dir, 'records.json');
    writeFileSync(recsFile, JSON.stringify(recs));
    console.log(
      `seeded ${recs.length} artifacts of ~${Math.round(bytes / 1000)} KB in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const rows = [];
    let verified: Record<string, unknown> | undefined;
    for (const n of sizes) {
      const ours = await runChild(root, recsFile, n, join(dir, `ours-${n}.zip`));
      const baseS = baseline(root, recs, n, join(dir, `base-${n}.zip`));
      const oursMBps = ours.evidenceBytes / MB / (ours.ms / 1000);
      const baseMBps = ours.evidenceBytes / MB / baseS;
      const row = {
        artifacts: n,
        evidenceMB: +(ours.evidenceBytes / MB).toFixed(1),
        oursMBps: +oursMBps.toFixed(1),
        baselineMBps: +baseMBps.toFixed(1),
        ratio: +(oursMBps / baseMBps).toFixed(2),
        peakRssMB: +ours.maxRssMB.toFixed(1),
        setupRssMB: +ours.setupRssMB.toFixed(1),
        zipMB: +(ours.zipBytes / MB).toFixed(1),
      };
      console.log(
        `${n} artifacts (${row.evidenceMB} MB): ours ${row.oursMBps} MB/s, sha256sum+zip -0 ${row.baselineMBps} MB/s, ratio ${row.ratio} (target >= 0.70); peak RSS ${row.peakRssMB} MB (target <= 256; ${row.setupRssMB} MB before the build)`,
      );
      if (n === sizes.at(-1)) {
        // Offline verification of the largest snapshot, and a zip bomb hidden in a small one (bench/verify.ts).
        const { bombFigures, verifyFigures } = await import('./verify.js');
        verified = { artifacts: n, ...(await verifyFigures(join(dir, `ours-${n}.zip`), ours.evidenceBytes)) };
        const small = join(dir, 'small.zip');
        const w = await world(root, recs, 10);
        await buildSnapshotToFile(w.request, w.deps, small);
        verified = { ...verified, bomb: await bombFigures(small) };
      }
      rmSync(join(dir, `ours-${n}.zip`), { force: true });
      rmSync(join(dir, `base-${n}.zip`), { force: true });
      rows.push(row);
    }
    const rssGrowth = rows.length > 1 ? +(rows.at(-1)!.peakRssMB / rows[0]!.peakRssMB).toFixed(2) : 1;
    console.log(
      `peak RSS ${rows.map((r) => `${r.artifacts}: ${r.peakRssMB} MB`).join(', ')} (growth x${rssGrowth})`,
    );
    const s3 = opts.endpoint ? await s3Run(root, recs, opts.s3Artifacts ?? 500, opts.endpoint) : undefined;
    if (s3)
      console.log(
        `emulator S3: ${s3.artifacts} artifacts (${s3.evidenceMB} MB) uploaded in ${s3.seconds} s = ${s3.MBps} MB/s`,
      );
    else console.log('emulator S3 run skipped (no endpoint)');
    return { local: rows, rssGrowth, verify: verified, s3 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function s3Run(root: string, recs: readonly Rec[], n: number, endpoint: string) {
  // Loaded here, so the build child does not carry the SDK in its RSS.
  const { CreateBucketCommand, S3Client } = await import('@aws-sdk/client-s3');
  const { uploadSnapshot } = await import('../shared/snapshot/s3-upload.js');
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  await client.send(new CreateBucketCommand({ Bucket: 'flux-bench-snapshots' }));
  const { request, deps } = await world(root, recs, n);
  const t0 = performance.now();
  const out = await uploadSnapshot(request, deps, {
    client,
    bucket: 'flux-bench-snapshots',
    key: `snapshots/bench/soc2-2017/${WINDOW.start}_${WINDOW.end}/bench.zip`,
  });
  const seconds = (performance.now() - t0) / 1000;
  return {
    artifacts: n,
    evidenceMB: +(out.evidenceBytes / MB).toFixed(1),
    seconds: +seconds.toFixed(2),
    MBps: +(out.evidenceBytes / MB / seconds).toFixed(1),
  };
}

// `npx tsx bench/snapshot.ts --n 1000 [--n 4000] [--bytes 2000]`: a local run at the given sizes (and artifact
// size), without the emulator. Small artifacts measure what grows with the count (plan, manifest, proofs, RSS).
if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') await child(argv[1]!, argv[2]!, Number(argv[3]), argv[4]!);
  else {
    const sizes = argv.flatMap((a, i) => (argv[i - 1] === '--n' ? [Number(a)] : []));
    const bytes = argv.flatMap((a, i) => (argv[i - 1] === '--bytes' ? [Number(a)] : []))[0];
    await run({ sizes: sizes.length ? sizes : [1000], ...(bytes ? { artifactBytes: bytes } : {}) });
  }
}
