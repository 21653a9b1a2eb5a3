// Bundles each Lambda entry with the FluxFunction esbuild settings, reports minified size and the module
// initialisation time of the bundle in a fresh `node` process (target: <= 1 MB, <= 150 ms).
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { FLUX_BUNDLING, REPO_ROOT } from '../infra/constructs/flux-function.js';

const ENTRIES = ['collector', 'fanout', 'mapper', 'sequencer', 'alerts'] as const;
const OUT = join(REPO_ROOT, 'bench/out/bundles');

/** Median import time (ms) of a bundle in fresh Node processes. */
function importMs(file: string, runs = 3): number {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});console.log(performance.now()-t)`;
  const times = Array.from({ length: runs }, () =>
    Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, AWS_REGION: 'eu-west-1' } }).trim()),
  );
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

export async function run(): Promise<Record<string, { bytes: number; importMs: number }>> {
  mkdirSync(OUT, { recursive: true });
  const figures: Record<string, { bytes: number; importMs: number }> = {};
  for (const name of ENTRIES) {
    const entry = join(REPO_ROOT, `functions/${name}/handler.ts`);
    const outfile = join(OUT, `${name}.mjs`);
    try {
      statSync(entry);
    } catch {
      continue;
    }
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: FLUX_BUNDLING.target,
      minify: FLUX_BUNDLING.minify,
      sourcemap: FLUX_BUNDLING.sourceMap,
      sourcesContent: FLUX_BUNDLING.sourcesContent,
      mainFields: [...FLUX_BUNDLING.mainFields],
      banner: { js: FLUX_BUNDLING.banner },
      logLevel: 'silent',
    });
    const bytes = statSync(outfile).size;
    const ms = importMs(outfile);
    figures[name] = { bytes, importMs: Math.round(ms) };
    const flag = bytes > 1_048_576 || ms > 150 ? '  (over target)' : '';
    console.log(`${name.padEnd(10)} ${(bytes / 1024).toFixed(0).padStart(6)} KB  init ${ms.toFixed(0).padStart(4)} ms${flag}`);
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
