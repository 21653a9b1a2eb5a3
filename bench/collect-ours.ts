// Child process of bench/collect.ts: runs our IAM and S3 collectors once, concurrently, as the product runs
// the units of one account, and prints one JSON line of figures. A separate process so that its peak
// memory (maxRSS) is ours alone, not the benchmark driver's or the seeder's.
//   node --import tsx bench/collect-ours.ts   (input in FLUX_BENCH_INPUT as JSON)
import { performance } from 'node:perf_hooks';
import { collector as accountSummary } from '../shared/collectors/aws-iam-account-summary/collector.js';
import { collector as adminAccess } from '../shared/collectors/aws-iam-admin-access/collector.js';
import { collector as credentialReport } from '../shared/collectors/aws-iam-credential-report/collector.js';
import { collector as passwordPolicy } from '../shared/collectors/aws-iam-password-policy/collector.js';
import { collector as s3Buckets } from '../shared/collectors/aws-s3-buckets/collector.js';
import { collectEnvelope } from '../shared/kernel/runner.js';
import type { Collector } from '../shared/kernel/types.js';

/** What the driver passes in. */
interface OursInput {
  readonly endpoint: string;
  readonly account: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** What the child prints (one JSON line). */
export interface OursOutput {
  readonly collectMs: number;
  /** Requests per collector, from the envelope provenance (sum of every operation's pages). */
  readonly provenanceRequests: Record<string, number>;
  readonly errors: Record<string, string[]>;
  /** Users in the credential report and buckets in the S3 evidence: what our evidence covers. */
  readonly users: number;
  readonly buckets: number;
  /** Peak resident set size of this process, in MiB. */
  readonly maxRssMiB: number;
}

const COLLECTORS: Collector[] = [
  credentialReport,
  accountSummary,
  adminAccess,
  passwordPolicy,
  s3Buckets,
] as Collector[];

async function main(): Promise<void> {
  const input = JSON.parse(process.env.FLUX_BENCH_INPUT ?? '') as OursInput;
  const connection = { endpoint: input.endpoint, credentials: input.credentials, forcePathStyle: true };
  const scope = { account: input.account, region: 'global' };
  const started = performance.now();
  const results = await Promise.all(
    COLLECTORS.map((c) => collectEnvelope(c, scope, { connection, now: () => new Date() })),
  );
  const collectMs = performance.now() - started;
  const byId = new Map(results.map((r) => [r.envelope.collector, r]));
  const data = (id: string) =>
    (byId.get(id)?.envelope.data ?? {}) as { users?: unknown[]; buckets?: unknown[] };
  const out: OursOutput = {
    collectMs: Math.round(collectMs),
    provenanceRequests: Object.fromEntries(
      results.map((r) => [
        r.envelope.collector,
        r.envelope.provenance.operations.reduce((n, op) => n + op.pages, 0),
      ]),
    ),
    errors: Object.fromEntries(
      results
        .filter((r) => r.envelope.errors.length > 0)
        .map((r) => [
          r.envelope.collector,
          r.envelope.errors.slice(0, 5).map((e) => `${e.code}: ${e.message}`),
        ]),
    ),
    users: data(credentialReport.meta.id).users?.length ?? 0,
    buckets: data(s3Buckets.meta.id).buckets?.length ?? 0,
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

await main();
