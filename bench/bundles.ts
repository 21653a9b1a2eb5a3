// Bundles each Lambda entry exactly as deployed (infra/bundling/esbuild.ts), reports its minified size and its
// module initialisation time: the wall and CPU time of `await import(bundle)` in a fresh `node` process, median
// of several runs (target: <= 1 MB, <= 150 ms). Collector functions are measured per collector (one bundle
// each, as deployed). The baseline, measured in the same run, is a bare handler that creates one S3 client
// (bench/fixtures/bare-s3-handler.ts): the ratio says what Flux adds to the least any SDK function pays.
// Run: npx tsx bench/bundles.ts [name-filter]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFunction } from '../infra/bundling/esbuild.js';
import { REPO_ROOT } from '../infra/constructs/flux-function.js';
import { collectorEntry } from '../infra/constructs/collector-worker.js';
import { collectorMetas } from '../shared/collectors/meta-registry.js';

const OUT = join(REPO_ROOT, 'bench/out/bundles');
const BYTES_TARGET = 1_048_576;
const INIT_TARGET_MS = 150;
const RUNS = 7;

interface Entry {
  readonly name: string;
  readonly entry: string;
}

/** Every deployed function: one per collector, and the platform functions. */
export function entries(): Entry[] {
  const platform: Entry[] = [
    ...['fanout', 'mapper', 'sequencer', 'alerts', 'evidence-gap'].map((n) => ({
      name: n,
      entry: `functions/${n}/handler.ts`,
    })),
  ];
  const collectors = collectorMetas.map((m) => ({ name: `collector:${m.id}`, entry: collectorEntry(m.id) }));
  return [...platform, ...collectors].filter((e) => existsSync(join(REPO_ROOT, e.entry)));
}

interface InitTime {
  /** Wall-clock milliseconds, median of the runs. */
  readonly wallMs: number;
  /** CPU milliseconds (user + system) of the same imports, median: less sensitive to a loaded machine. */
  readonly cpuMs: number;
}

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Import time of a bundle in fresh Node processes (the work Lambda does in its init phase). */
function importTime(file: string, runs = RUNS): InitTime {
  const script = [
    'const t=performance.now(),c=process.cpuUsage();',
    `await import(${JSON.stringify(file)});`,
    'const u=process.cpuUsage(c);',
    'console.log(JSON.stringify([performance.now()-t,(u.user+u.system)/1000]))',
  ].join('');
  const env = {
    ...process.env,
    AWS_REGION: 'eu-west-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const samples = Array.from(
    { length: runs },
    () =>
      JSON.parse(
        execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env }),
      ) as [number, number],
  );
  return { wallMs: median(samples.map((x) => x[0])), cpuMs: median(samples.map((x) => x[1])) };
}

export type BundleFigures = Record<string, { bytes: number; wallMs: number; cpuMs: number; ratio: number }>;

async function measure(name: string, entry: string): Promise<{ bytes: number } & InitTime> {
  const outfile = await bundleFunction(join(REPO_ROOT, entry), join(OUT, name.replace(':', '-')));
  return { bytes: statSync(outfile).size, ...importTime(outfile) };
}

const fmt = (n: number, w = 4) => n.toFixed(0).padStart(w);

/** Builds and measures every entry (or those whose name contains `filter`); prints one line each. */
export async function run(filter = ''): Promise<BundleFigures> {
  mkdirSync(OUT, { recursive: true });
  const base = await measure('baseline-bare-s3', 'bench/fixtures/bare-s3-handler.ts');
  console.log(
    `${'baseline: one S3 client'.padEnd(42)} ${fmt(base.bytes / 1024, 6)} KB  init ${fmt(base.wallMs)} ms wall ${fmt(base.cpuMs)} ms CPU`,
  );
  const figures: BundleFigures = {};
  for (const e of entries().filter((x) => x.name.includes(filter))) {
    const m = await measure(e.name, e.entry);
    const ratio = m.cpuMs / base.cpuMs;
    figures[e.name] = { bytes: m.bytes, wallMs: Math.round(m.wallMs), cpuMs: Math.round(m.cpuMs), ratio };
    const flag = m.bytes > BYTES_TARGET || m.wallMs > INIT_TARGET_MS ? '  (over target)' : '';
    console.log(
      `${e.name.padEnd(42)} ${fmt(m.bytes / 1024, 6)} KB  init ${fmt(m.wallMs)} ms wall ${fmt(m.cpuMs)} ms CPU  ${ratio.toFixed(2)}x baseline CPU${flag}`,
    );
  }
  const walls = Object.values(figures).map((f) => f.wallMs);
  if (walls.length)
    console.log(
      `${walls.filter((w) => w <= INIT_TARGET_MS).length}/${walls.length} functions within ${INIT_TARGET_MS} ms; slowest ${Math.max(...walls)} ms, median ${median([...walls])} ms (baseline ${Math.round(base.wallMs)} ms)`,
    );
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) await run(process.argv[2] ?? '');
