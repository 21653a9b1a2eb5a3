// Child process of bench/ingest.ts (so its maxRSS is the ingest's alone): ingests FLUX_BENCH_FILE into a fresh local
// locker, reading the file as `flux-evidence ingest prowler` does, and prints one JSON line with the timings and
// peak RSS.
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openBackend } from '../shared/cli/backend.js';
import { FluxConfigSchema } from '../shared/config/schema.js';
import { ingestProwler } from '../shared/ingest/ingest-prowler.js';

const file = process.env.FLUX_BENCH_FILE!;
const now = new Date(process.env.FLUX_BENCH_NOW!);
const dir = mkdtempSync(join(tmpdir(), 'flux-bench-ingest-'));
const backend = await openBackend(FluxConfigSchema.parse({ locker: { path: dir } }));
// What the process weighs before reading anything: Node and the loaded modules (the AWS SDK clients of the backend).
const baselineMiB = Math.round(process.resourceUsage().maxRSS / 1024);
const started = performance.now();
const r = await ingestProwler(createReadStream(file), {
  ...backend,
  now: () => now,
  accounts: ['111111111111'],
});
const ms = performance.now() - started;
await backend.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({ ms: Math.round(ms), outcome: r.outcome, findings: (r.envelope.data as { findings: number }).findings, baselineMiB, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);
