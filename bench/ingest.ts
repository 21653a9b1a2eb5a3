// Issue #20 item 5: ingest of a 100,000-finding Prowler OCSF file (validated, streamed, stored as one signed
// artifact) against `jq -c '.[]'` over the same file as the same-run baseline. Target: peak RSS at most 256 MiB.
//   npm run bench -- ingest        (FLUX_BENCH_INGEST_FINDINGS sets the size; default 100000)
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';
import { build } from 'esbuild';
import { prowlerRecord } from '../shared/ingest/testing.js';

const CHECKS = [
  'iam_root_mfa_enabled',
  's3_bucket_default_encryption',
  'ec2_ebs_default_encryption',
  'kms_cmk_rotation_enabled',
];

async function writeFile(path: string, n: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('[');
  for (let i = 0; i < n; i++) {
    const rec = prowlerRecord(i, {
      check: CHECKS[i % CHECKS.length]!,
      status: i % 7 === 0 ? 'FAIL' : 'PASS',
    });
    if (!out.write(`${i ? ',' : ''}\n${JSON.stringify(rec)}`)) await once(out, 'drain');
  }
  out.end('\n]\n');
  await once(out, 'finish');
}

/**
 * Bundles the child once with esbuild (dependencies left to node_modules), as the verify-bounds test bundles the
 * CLI and as the deployed functions are bundled: the peak is the ingest's, not tsx compiling the code on the fly.
 * Inside the repository, so the bundle's bare imports resolve to its node_modules.
 */
async function bundleChild(): Promise<string> {
  const outfile = join(process.cwd(), '.bounds-cli', `ingest-${process.pid}`, 'child.mjs');
  await build({
    entryPoints: [join(process.cwd(), 'bench/ingest-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    packages: 'external',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

function child(
  script: string,
  file: string,
): Promise<{
  ms: number;
  findings: number;
  baselineMiB: number;
  maxRssMiB: number;
  wallMs: number;
}> {
  const started = performance.now();
  const c = spawn(process.execPath, [script], {
    env: { ...process.env, FLUX_BENCH_FILE: file, FLUX_BENCH_NOW: '2026-03-02T00:00:00Z' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  c.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-3000)));
  return new Promise((resolve, reject) =>
    c.on('exit', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`ingest exited with ${code}: ${stderr}`));
      else resolve({ ...JSON.parse(line), wallMs: Math.round(performance.now() - started) });
    }),
  );
}

export async function run() {
  const n = Number(process.env.FLUX_BENCH_INGEST_FINDINGS ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'flux-bench-ocsf-'));
  const file = join(dir, 'scan.ocsf.json');
  try {
    await writeFile(file, n);
    const mib = statSync(file).size / 1048576;
    const jqStart = performance.now();
    const jq = spawnSync('bash', ['-c', `jq -c '.[]' '${file}' > /dev/null`], { encoding: 'utf8' });
    const jqMs = Math.round(performance.now() - jqStart);
    if (jq.status !== 0) throw new Error(`jq failed: ${jq.stderr}`);
    const script = await bundleChild();
    const ours = await child(script, file).finally(() =>
      rmSync(dirname(script), { recursive: true, force: true }),
    );
    const result = {
      findings: n,
      fileMiB: Math.round(mib * 10) / 10,
      jqMs,
      ingestMs: ours.ms,
      ingestWallMs: ours.wallMs,
      findingsPerSecond: Math.round((n / ours.ms) * 1000),
      ratioToJq: Math.round((ours.ms / jqMs) * 100) / 100,
      baselineRssMiB: ours.baselineMiB,
      peakRssMiB: ours.maxRssMiB,
      withinMemoryTarget: ours.maxRssMiB <= 256,
    };
    console.log(
      `ingest ${n} findings (${result.fileMiB} MiB): ${ours.ms} ms (${result.findingsPerSecond}/s, ${result.ratioToJq}x jq -c '.[]' at ${jqMs} ms), peak RSS ${ours.maxRssMiB} MiB of which ${ours.baselineMiB} MiB before reading (target <= 256 MiB: ${result.withinMemoryTarget ? 'met' : 'MISSED'})`,
    );
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
