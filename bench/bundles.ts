// Bundles each Lambda entry with the FluxFunction esbuild settings, reports minified size and the module
// initialisation time of the bundle in a fresh `node` process (target: <= 1 MB, <= 150 ms). Collector functions
// are measured per collector (functions/collector/entries/<id>.ts, one bundle each, as deployed).
// Run: npx tsx bench/bundles.ts [name-filter]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { FLUX_BUNDLING, REPO_ROOT, runtimeModulesFor } from '../infra/constructs/flux-function.js';
import { collectorEntry } from '../infra/constructs/collector-worker.js';
import { collectorMetas } from '../shared/collectors/meta-registry.js';

const OUT = join(REPO_ROOT, 'bench/out/bundles');
const BYTES_TARGET = 1_048_576;
const INIT_TARGET_MS = 150;

interface Entry {
  readonly name: string;
  readonly entry: string;
  /** Modules the deployed function takes from the runtime (infra/constructs/flux-function.ts). */
  readonly external: readonly string[];
}

/** Every deployed function: one per collector, and the platform functions. */
export function entries(): Entry[] {
  const platform: Entry[] = [
    {
      name: 'fanout',
      entry: 'functions/fanout/handler.ts',
      external: runtimeModulesFor(['ec2:DescribeRegions']),
    },
    ...['mapper', 'sequencer', 'alerts', 'evidence-gap'].map((n) => ({
      name: n,
      entry: `functions/${n}/handler.ts`,
      external: [],
    })),
  ];
  const collectors = collectorMetas.map((m) => ({
    name: `collector:${m.id}`,
    entry: collectorEntry(m.id),
    external: m.source === 'aws' ? runtimeModulesFor(m.permissions) : [],
  }));
  return [...platform, ...collectors].filter((e) => existsSync(join(REPO_ROOT, e.entry)));
}

/** Median import time (ms) of a bundle in fresh Node processes. */
function importMs(file: string, runs = 3): number {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});console.log(performance.now()-t)`;
  const env = {
    ...process.env,
    AWS_REGION: 'eu-west-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const times = Array.from({ length: runs }, () =>
    Number(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env }).trim(),
    ),
  );
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

export type BundleFigures = Record<string, { bytes: number; importMs: number; external: readonly string[] }>;

/** Builds and measures every entry (or those whose name contains `filter`); prints one line each. */
export async function run(filter = ''): Promise<BundleFigures> {
  mkdirSync(OUT, { recursive: true });
  const figures: BundleFigures = {};
  for (const e of entries().filter((x) => x.name.includes(filter))) {
    const outfile = join(OUT, `${e.name.replace(':', '-')}.mjs`);
    await build({
      entryPoints: [join(REPO_ROOT, e.entry)],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: FLUX_BUNDLING.target,
      minify: FLUX_BUNDLING.minify,
      sourcemap: FLUX_BUNDLING.sourceMap,
      sourcesContent: FLUX_BUNDLING.sourcesContent,
      mainFields: [...FLUX_BUNDLING.mainFields],
      external: [...e.external],
      banner: { js: FLUX_BUNDLING.banner },
      logLevel: 'silent',
    });
    const bytes = statSync(outfile).size;
    const ms = importMs(outfile);
    figures[e.name] = { bytes, importMs: Math.round(ms), external: e.external };
    const flag = bytes > BYTES_TARGET || ms > INIT_TARGET_MS ? '  (over target)' : '';
    const ext = e.external.length ? `  [runtime: ${e.external.join(', ')}]` : '';
    console.log(
      `${e.name.padEnd(42)} ${(bytes / 1024).toFixed(0).padStart(6)} KB  init ${ms.toFixed(0).padStart(4)} ms${flag}${ext}`,
    );
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) await run(process.argv[2] ?? '');
