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
  /** Wall-clock milliseconds, fastest run: noise on a shared machine only ever adds time. */
  readonly minWallMs: number;
  /** CPU milliseconds (user + system) of the same imports, median: less sensitive to a loaded machine. */
  readonly cpuMs: number;
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const IMPORT_ENV = {
  ...process.env,
  AWS_REGION: 'eu-west-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** One import of a bundle in a fresh Node process (the work Lambda does in its init phase): [wall, CPU] ms. */
function importOnce(file: string): [number, number] {
  const script = [
    'const t=performance.now(),c=process.cpuUsage();',
    `await import(${JSON.stringify(file)});`,
    'const u=process.cpuUsage(c);',
    'console.log(JSON.stringify([performance.now()-t,(u.user+u.system)/1000]))',
  ].join('');
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: IMPORT_ENV,
    }),
  ) as [number, number];
}

function summary(samples: readonly [number, number][]): InitTime {
  const walls = samples.map((x) => x[0]);
  return { wallMs: median(walls), minWallMs: Math.min(...walls), cpuMs: median(samples.map((x) => x[1])) };
}

/**
 * Imports the bundle and the baseline alternately, RUNS times each, so both see the same machine: returns the
 * bundle's times and the baseline's from the same runs.
 */
function importTimes(file: string, baseline: string): { fn: InitTime; base: InitTime } {
  const fn: [number, number][] = [];
  const base: [number, number][] = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(importOnce(baseline));
    fn.push(importOnce(file));
  }
  return { fn: summary(fn), base: summary(base) };
}

export type BundleFigures = Record<
  string,
  { bytes: number; wallMs: number; minWallMs: number; cpuMs: number; baselineCpuMs: number; ratio: number }
>;

const bundle = async (name: string, entry: string) =>
  bundleFunction(join(REPO_ROOT, entry), join(OUT, name.replace(':', '-')));

const fmt = (n: number, w = 4) => n.toFixed(0).padStart(w);

/** Builds and measures every entry (or those whose name contains `filter`); prints one line each. */
export async function run(filter = ''): Promise<BundleFigures> {
  mkdirSync(OUT, { recursive: true });
  const baseline = await bundle('baseline-bare-s3', 'bench/fixtures/bare-s3-handler.ts');
  console.log(
    `baseline: a bare handler with one S3 client, ${fmt(statSync(baseline).size / 1024, 0)} KB, imported alternately with each function (${RUNS} runs each)`,
  );
  console.log(
    `${'function'.padEnd(40)} ${'size'.padStart(9)}  ${'wall median'.padStart(11)} ${'min'.padStart(6)} ${'CPU'.padStart(6)}  vs baseline CPU`,
  );
  const figures: BundleFigures = {};
  for (const e of entries().filter((x) => x.name.includes(filter))) {
    const file = await bundle(e.name, e.entry);
    const bytes = statSync(file).size;
    const { fn, base } = importTimes(file, baseline);
    const ratio = fn.cpuMs / base.cpuMs;
    figures[e.name] = {
      bytes,
      wallMs: Math.round(fn.wallMs),
      minWallMs: Math.round(fn.minWallMs),
      cpuMs: Math.round(fn.cpuMs),
      baselineCpuMs: Math.round(base.cpuMs),
      ratio: Number(ratio.toFixed(2)),
    };
    const flag = bytes > BYTES_TARGET || fn.wallMs > INIT_TARGET_MS ? '  (over target)' : '';
    console.log(
      `${e.name.padEnd(40)} ${fmt(bytes / 1024, 6)} KB  ${fmt(fn.wallMs, 8)} ms ${fmt(fn.minWallMs, 3)} ms ${fmt(fn.cpuMs, 3)} ms  ${ratio.toFixed(2)}x (${fmt(base.cpuMs, 0)} ms)${flag}`,
    );
  }
  const rows = Object.values(figures);
  if (rows.length) {
    const walls = rows.map((f) => f.wallMs);
    console.log(
      `${walls.filter((w) => w <= INIT_TARGET_MS).length}/${rows.length} functions within ${INIT_TARGET_MS} ms (median wall); slowest ${Math.max(...walls)} ms, median ${median(walls)} ms; ${rows.filter((f) => f.minWallMs <= INIT_TARGET_MS).length}/${rows.length} by fastest run; all ${rows.every((f) => f.bytes <= BYTES_TARGET) ? '<=' : 'NOT <='} 1 MB; ratio to the baseline ${Math.min(...rows.map((f) => f.ratio)).toFixed(2)}-${Math.max(...rows.map((f) => f.ratio)).toFixed(2)}x`,
    );
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) await run(process.argv[2] ?? '');
