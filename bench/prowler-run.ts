import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** Temporary credentials for the scanned account (from STS AssumeRole on the emulator). */
export interface BenchCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** One Prowler run as the benchmark saw it. */
export interface ProwlerRun {
  readonly wallMs: number;
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  /** Peak RSS of Prowler's process (ru_maxrss of the child, read by a Python wrapper), in MiB. */
  readonly maxRssMiB: number | null;
  /** Distinct IAM users and S3 buckets named in Prowler's findings: proof that it saw the seeded resources. */
  readonly usersInFindings: number;
  readonly bucketsInFindings: number;
  /** Last lines of stderr/stdout when Prowler failed. */
  readonly tail: string;
  /** Prowler's output files (kept only when the caller asked for them). */
  readonly outputFiles: readonly string[];
}

// Runs prowler as a child and reports the child's peak RSS on stderr (Node cannot read a child's maxRSS).
const WRAPPER = [
  'import resource, subprocess, sys',
  'r = subprocess.run(sys.argv[1:])',
  'print("FLUX_MAXRSS_KB", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)',
  'sys.exit(r.returncode)',
].join('\n');

/**
 * Runs `prowler aws --services iam s3 --region us-east-1` against `endpoint` (the counting proxy) with the
 * given credentials, quietly and offline: no banner (the banner is what asks GitHub for the latest
 * version), CSV output into a temporary directory, shared AWS config files pointed away from the user's.
 */
export async function runProwler(
  prowler: string,
  endpoint: string,
  credentials: BenchCredentials,
  options: {
    timeoutMs: number;
    account: string;
    /** What to scan (default: the IAM and S3 services) and the output format (default csv). */
    scan?: readonly string[];
    /** Regions to scan (default us-east-1). */
    regions?: readonly string[];
    format?: 'csv' | 'json-ocsf';
    /** Keep Prowler's output directory and return its files (the caller removes it). */
    keepOutput?: boolean;
  },
): Promise<ProwlerRun> {
  const out = mkdtempSync(join(tmpdir(), 'flux-bench-prowler-'));
  const python = join(dirname(prowler), 'python');
  const scan = options.scan ?? ['--services', 'iam', 's3'];
  const args = ['-c', WRAPPER, prowler, 'aws', ...scan, '--region', ...(options.regions ?? ['us-east-1'])];
  args.push('--no-banner', '--no-color', '--ignore-exit-code-3', '--log-level', 'ERROR');
  args.push('-M', options.format ?? 'csv', '-o', out, '-F', 'bench');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: out,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(out, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(out, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const started = performance.now();
  const child = spawn(python, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let tail = '';
  let maxRssKb: number | null = null;
  const keep = (d: Buffer) => {
    const text = d.toString();
    const m = /FLUX_MAXRSS_KB (\d+)/.exec(text);
    if (m?.[1]) maxRssKb = Number(m[1]);
    tail = (tail + text).slice(-3000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  }, options.timeoutMs);
  const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  clearTimeout(timer);
  const wallMs = Math.round(performance.now() - started);
  const found = scanFindings(out, options.account);
  const outputFiles = options.keepOutput
    ? readdirSync(out, { recursive: true, encoding: 'utf8' }).map((f) => join(out, f))
    : [];
  if (!options.keepOutput) rmSync(out, { recursive: true, force: true });
  return {
    wallMs,
    exitCode,
    timedOut,
    maxRssMiB: maxRssKb === null ? null : Math.round(maxRssKb / 1024),
    ...found,
    tail: exitCode === 0 ? '' : tail,
    outputFiles,
  };
}

function scanFindings(dir: string, account: string) {
  const users = new Set<string>();
  const buckets = new Set<string>();
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
    (n) => n.endsWith('.csv') || n.endsWith('.json'),
  )) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const m of text.matchAll(new RegExp(`arn:aws:iam::${account}:user/([\\w+=,.@-]+)`, 'g')))
      users.add(m[1]!);
    for (const m of text.matchAll(/arn:aws:s3:::([a-z0-9.-]+)/g)) buckets.add(m[1]!);
  }
  return { usersInFindings: users.size, bucketsInFindings: buckets.size };
}
