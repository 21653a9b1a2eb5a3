import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { ensureProwler, pinnedProwlerVersion } from '../scripts/ensure-prowler.js';
import { MANAGEMENT_ACCOUNT_ID, seedDemoCompany } from '../shared/demo/company/index.js';
import type { OursOutput } from './collect-ours.js';
import { startCountingProxy, type CountingProxy, type ProxyCounts } from './counting-proxy.js';
import { runProwler, type BenchCredentials } from './prowler-run.js';

/**
 * Benchmark users and buckets added to the demo company (`user-0001`..., `bench-bucket-0001`...). The issue's
 * figure is 1,000; FLUX_BENCH_COLLECT_SCALE overrides it for a quick smoke run of the benchmark itself.
 */
const SCALE = Number(process.env.FLUX_BENCH_COLLECT_SCALE ?? 1000);
const PROWLER_TIMEOUT_MS = 15 * 60_000;
const per = (calls: number, resources: number) => Math.round((calls / resources) * 100) / 100;
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

/** Temporary credentials for the account both tools scan, the way the product reaches a member account. */
export async function assumeScannedAccount(endpoint: string, account: string): Promise<BenchCredentials> {
  const sts = new STSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/flux-bench-reader`,
      RoleSessionName: 'bench',
    }),
  );
  sts.destroy();
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

/** Runs bench/collect-ours.ts in its own Node process (so its maxRSS is ours alone) and times the process. */
async function runOurs(
  endpoint: string,
  credentials: BenchCredentials,
): Promise<OursOutput & { wallMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/collect-ours.ts'], {
    env: {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      FLUX_BENCH_INPUT: JSON.stringify({ endpoint, account: MANAGEMENT_ACCOUNT_ID, credentials }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-3000)));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const wallMs = Math.round(performance.now() - started);
  const line = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`our collection exited with ${code}: ${stderr}`);
  return { ...(JSON.parse(line) as OursOutput), wallMs };
}

function topOperations(c: ProxyCounts, n = 8): string {
  return Object.entries(c.byOperation)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([op, k]) => `${op}=${k}`)
    .join(', ');
}

/** Our figures for one run: the child's own report plus what the proxy saw on the wire. */
async function measureOurs(
  proxy: CountingProxy,
  credentials: BenchCredentials,
  resources: number,
  label: string,
) {
  proxy.reset();
  const ours = await runOurs(proxy.endpoint, credentials);
  const wire = proxy.counts();
  const provenanceTotal = Object.values(ours.provenanceRequests).reduce((a, b) => a + b, 0);
  const figures = {
    ...ours,
    wireRequests: wire.requests,
    provenanceTotal,
    apiPhaseMs: wire.apiPhaseMs,
    callsPerResource: per(wire.requests, resources),
    wireErrors: wire.errors,
  };
  console.log(
    `${label}: ${ours.wallMs} ms process wall (${ours.collectMs} ms collecting), peak RSS ${ours.maxRssMiB} MiB`,
  );
  console.log(
    `${label}: ${wire.requests} requests on the wire, ${provenanceTotal} in provenance ` +
      `${JSON.stringify(ours.provenanceRequests)}, ${figures.callsPerResource} per resource`,
  );
  console.log(
    `${label}: evidence covers ${ours.users} users and ${ours.buckets} buckets; top: ${topOperations(wire)}`,
  );
  if (Object.keys(ours.errors).length)
    console.log(`${label}: evidence errors ${JSON.stringify(ours.errors)}`);
  if (wire.requests !== provenanceTotal) {
    // Provenance counts logical calls, including any that failed before a request was sent; the wire counts
    // every HTTP request, SDK retries included.
    console.log(
      `${label}: wire minus provenance = ${wire.requests - provenanceTotal} (retries / calls that never left)`,
    );
  }
  return figures;
}

async function measureProwler(
  bin: string,
  proxy: CountingProxy,
  credentials: BenchCredentials,
  account: string,
  resources: number,
) {
  proxy.reset();
  const run = await runProwler(bin, proxy.endpoint, credentials, { timeoutMs: PROWLER_TIMEOUT_MS, account });
  const wire = proxy.counts();
  const version = pinnedProwlerVersion(process.cwd());
  const figures = {
    version,
    ...run,
    wireRequests: wire.requests,
    apiPhaseMs: wire.apiPhaseMs,
    callsPerResource: per(wire.requests, resources),
    wireErrors: wire.errors,
  };
  const end = run.timedOut ? ' (timed out, killed)' : '';
  console.log(
    `prowler ${version}: ${run.wallMs} ms process wall, peak RSS ${run.maxRssMiB ?? '?'} MiB, exit ${run.exitCode}${end}`,
  );
  console.log(
    `prowler: ${wire.requests} requests on the wire, ${figures.callsPerResource} per resource; ` +
      `findings name ${run.usersInFindings} users and ${run.bucketsInFindings} buckets (Prowler scans us-east-1 buckets only)`,
  );
  console.log(`prowler: top: ${topOperations(wire)}`);
  if (run.tail) console.log(`prowler: output tail:\n${run.tail}`);
  return figures;
}

/**
 * Collection benchmark: seeds the demo company with {@link SCALE} extra users and buckets, then runs our five
 * IAM + S3 collectors, Prowler (`prowler aws --services iam s3 --region us-east-1`), and ours again, against the
 * same emulated account through one counting proxy (ours twice, before and after, so drift on a busy machine
 * hits both sides). Prints wall time, API calls per resource and peak memory for both, and the ratios. If
 * Prowler cannot be installed or run, says exactly why and still reports our figures.
 */
export async function run(endpoint: string): Promise<Record<string, unknown>> {
  const account = MANAGEMENT_ACCOUNT_ID;
  let bin: string | undefined;
  let prowlerError: string | undefined;
  try {
    bin = ensureProwler(process.cwd(), (l) => console.log(l));
  } catch (err) {
    prowlerError = String(err);
  }
  const t = performance.now();
  const facts = await seedDemoCompany({ endpoint }, { scale: SCALE });
  const users = facts.iam.users.filter((u) => u.account === account).length + facts.scale.users.length;
  const buckets = facts.s3.buckets.filter((b) => b.account === account).length + facts.scale.buckets.length;
  const resources = users + buckets;
  console.log(
    `seeded ${users} users, ${buckets} buckets in ${account} in ${Math.round(performance.now() - t)} ms`,
  );

  const credentials = await assumeScannedAccount(endpoint, account);
  const proxy = await startCountingProxy(endpoint);
  const result: Record<string, unknown> = { account, users, buckets, resources };
  try {
    const before = await measureOurs(proxy, credentials, resources, 'ours (before prowler)');
    const prowler = bin ? await measureProwler(bin, proxy, credentials, account, resources) : undefined;
    const after = await measureOurs(proxy, credentials, resources, 'ours (after prowler)');
    result.ours = { before, after };
    if (!prowler) {
      result.prowler = { error: prowlerError };
      console.log(`prowler: could not run (${prowlerError}); only our figures are reported`);
      return result;
    }
    result.prowler = prowler;
    if (prowler.exitCode !== 0 || prowler.timedOut) {
      console.log('prowler did not finish cleanly: no ratio reported');
      return result;
    }
    const oursWall = (before.wallMs + after.wallMs) / 2;
    const oursApi = (before.apiPhaseMs + after.apiPhaseMs) / 2;
    const calls = Math.max(before.callsPerResource, after.callsPerResource);
    result.ratio = {
      wall: ratio(prowler.wallMs, oursWall),
      apiPhase: ratio(prowler.apiPhaseMs, oursApi),
      callsPerResource: { ours: calls, prowler: prowler.callsPerResource },
      fasterTargetMet: prowler.wallMs / oursWall >= 5,
      callsTargetMet: calls <= prowler.callsPerResource,
    };
    console.log(
      `ratio prowler/ours wall time: ${ratio(prowler.wallMs, oursWall)} (target >= 5; ours = mean of both runs); ` +
        `first-to-last API call: ${ratio(prowler.apiPhaseMs, oursApi)}`,
    );
    console.log(
      `calls per resource ours/prowler: ${calls} / ${prowler.callsPerResource} (target: ours <= prowler)`,
    );
  } finally {
    await proxy.close();
  }
  return result;
}
