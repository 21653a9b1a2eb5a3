// The snapshot API's build path on the emulator: `n` logged artifacts with one result each in the deployed stores
// (S3 evidence bucket, DynamoDB ledger and results, KMS key), then createSnapshot as the API runs it. Counts every
// AWS call the build makes by operation, so the Lambda ceiling is computed from calls per artifact and AWS latency
// (docs/AUDITOR-ACCESS.md) rather than from the emulator's speed; also reports the emulator time and the RSS the
// build adds. `npx tsx bench/snapshot-api.ts --n 1000 [--n 2000]` (starts its own moto).
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadControls } from '../frameworks/index.js';
import { buildAccessWorld, type WorldConfig } from '../shared/access/testing/world.js';
import { createSnapshot } from '../shared/access/snapshots.js';
import { startMoto, resetMoto } from '../shared/emulator/moto-server.js';
import { makeArtifact } from '../shared/snapshot/testing/scenario.js';

const MB = 1024 * 1024;
type Counted = { middlewareStack: { add: (m: unknown, o: { step: 'initialize' }) => void } };

/** Counts calls by `<service>.<command>` on the given clients. */
function countCalls(clients: Record<string, Counted>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [service, client] of Object.entries(clients))
    client.middlewareStack.add(
      (next: (a: unknown) => Promise<unknown>, ctx: { commandName?: string }) => (args: unknown) => {
        const k = `${service}.${(ctx.commandName ?? '?').replace(/Command$/, '')}`;
        counts.set(k, (counts.get(k) ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize' },
    );
  return counts;
}

/** Seeds `n` artifacts (~`pad` bytes each) over 2026-01-01..2026-01-31 and builds one snapshot through the service. */
async function measure(endpoint: string, n: number, pad: number) {
  const cfg: WorldConfig = {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    forcePathStyle: true,
  };
  // One day of the world's own evidence, closed by a checkpoint; ours follow and get the closing checkpoint below.
  const world = await buildAccessWorld(cfg, 1, new Date('2026-02-01T09:00:00.000Z'));
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const at = new Date(Date.UTC(2026, 0, 1, 7) + Math.floor((i * 29 * 86_400_000) / n)).toISOString();
    const a = makeArtifact('aws-iam-credential-report', at, 1000 + i, pad);
    const stored = await world.store.put(a);
    await world.ledger.append({
      sha256: a.sha256,
      key: stored.key,
      collector: 'aws-iam-credential-report',
      scope: `account=123456789012,region=us-east-1,n=${i}`,
      observedAt: at,
      collectedAt: at,
    });
    await world.results.putResult({
      controlId: 'IAM-11',
      status: 'PASS',
      reason: 'no active root access key',
      failing: [],
      ruleVersions: { 'iam-root-access-key-absent': '1.0.0' },
      mappingVersion: '1.0.0',
      artifacts: [a.sha256],
      observedAt: at,
      evaluatedAt: at,
    });
  }
  await world.ledger.checkpoint(world.signer, new Date('2026-02-01T01:00:00.000Z'));
  const seedS = (performance.now() - t0) / 1000;
  const counts = countCalls({
    s3: world.s3 as unknown as Counted,
    dynamodb: world.ddb as unknown as Counted,
    kms: world.kms as unknown as Counted,
  });
  global.gc?.();
  const rssBefore = process.memoryUsage.rss() / MB;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss() / MB)), 20);
  const t1 = performance.now();
  const out = await createSnapshot(
    { kind: 'operator', principal: 'arn:aws:iam::123456789012:role/flux-operator' },
    {
      engagement: 'acme-soc2-2026',
      framework: 'soc2-2017',
      window: { start: '2026-01-01', end: '2026-01-31' },
      controls: ['IAM-11'],
    },
    { ...world.deps, controls: loadControls() },
  );
  const buildS = (performance.now() - t1) / 1000;
  clearInterval(sampler);
  const calls = Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
  const perArtifact = Object.fromEntries(
    Object.entries(calls).map(([k, v]) => [k, +(v / out.artifacts).toFixed(2)]),
  );
  return {
    artifacts: out.artifacts,
    seedSeconds: +seedS.toFixed(1),
    buildSeconds: +buildS.toFixed(2),
    msPerArtifact: +((buildS * 1000) / out.artifacts).toFixed(2),
    rssAddedMB: +(peak - rssBefore).toFixed(1),
    calls,
    perArtifact,
  };
}

/** Runs the measurement at each size on a fresh emulator state. */
export async function run(opts: { endpoint: string; sizes?: readonly number[]; pad?: number }) {
  const rows = [];
  for (const n of opts.sizes ?? [1000]) {
    await resetMoto(opts.endpoint);
    const r = await measure(opts.endpoint, n, opts.pad ?? 2000);
    console.log(
      `${r.artifacts} artifacts: build ${r.buildSeconds} s on the emulator (${r.msPerArtifact} ms/artifact), ` +
        `RSS +${r.rssAddedMB} MB; calls per artifact ${JSON.stringify(r.perArtifact)} (seeded in ${r.seedSeconds} s)`,
    );
    rows.push(r);
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const argv = process.argv.slice(2);
  const sizes = argv.flatMap((a, i) => (argv[i - 1] === '--n' ? [Number(a)] : []));
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const moto = await startMoto({ root: process.cwd(), log: console.log });
  try {
    await run({ endpoint: moto.endpoint, sizes: sizes.length ? sizes : [1000] });
  } finally {
    await moto.stop();
  }
}
