import * as z from 'zod';
import { ValidationError, formatIssues } from '../errors.js';
import { jsonArrayItems } from './json-array-stream.js';

/**
 * The part of an OCSF Detection Finding (class_uid 2004) that Prowler writes with `-M json-ocsf` and that the ingest
 * reads; other fields are allowed and ignored. Schema: https://schema.ocsf.io/classes/detection_finding
 */
const ProwlerOcsfRecordSchema = z.object({
  class_uid: z.literal(2004, 'must be 2004 (OCSF Detection Finding)'),
  metadata: z.object({
    event_code: z.string().regex(/^[a-z0-9_]+$/, 'must be a Prowler check id'),
    product: z.object({ name: z.literal('Prowler', 'must be "Prowler"'), version: z.string().min(1) }),
    version: z.string().min(1),
  }),
  status_code: z.enum(['PASS', 'FAIL', 'MANUAL']),
  status: z.string().optional(),
  severity: z.string().min(1),
  finding_info: z.object({ uid: z.string().min(1), title: z.string() }),
  cloud: z.object({
    provider: z.literal('aws', 'must be "aws"'),
    account: z.object({ uid: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id') }),
    region: z.string().optional(),
  }),
  resources: z.array(z.object({ uid: z.string().optional(), region: z.string().optional() })).optional(),
  /** Prowler writes UTC without an offset (`2026-12-06T09:34:43.446138`); `time` (epoch seconds) is preferred. */
  time_dt: z.string().optional(),
  time: z.number().int().positive().optional(),
});
type Record = z.infer<typeof ProwlerOcsfRecordSchema>;

/** A resource as the scan names it: `<region>/<resource uid>`. */
const resource = z.string().min(1);

/** One check the scan ran, with the resources of each outcome (sorted); severity is the check's. */
const ProwlerCheckSchema = z.strictObject({
  checkId: z.string().min(1),
  severity: z.string(),
  passed: z.array(resource),
  /** Muted in Prowler (OCSF status "Suppressed"): kept, and still a failure for the rules. */
  failed: z.array(z.strictObject({ resource, muted: z.boolean() })),
  manual: z.array(resource),
});
type ProwlerCheck = z.infer<typeof ProwlerCheckSchema>;

/**
 * One Prowler scan of one AWS account, as stored: its origin, then every check that left a finding with its
 * resources per outcome. Grouped by check (one string per resource, no per-finding object) so a 100,000-finding
 * scan stays small in memory and in the artifact.
 */
export const ProwlerScanSchema = z.strictObject({
  tool: z.literal('prowler'),
  version: z.string().min(1),
  ocsfVersion: z.string().min(1),
  account: z.string().regex(/^\d{12}$/),
  scanStartedAt: z.iso.datetime({ offset: true }),
  scanEndedAt: z.iso.datetime({ offset: true }),
  findings: z.number().int().nonnegative(),
  checks: z.array(ProwlerCheckSchema),
});
export type ProwlerScan = z.infer<typeof ProwlerScanSchema>;

export interface ReadProwlerOptions {
  /** Accounts in the configuration: findings for any other account are refused. */
  readonly accounts: readonly string[];
  readonly now: Date;
  /** A scan that started longer ago than this is refused (the collector's evidence time to live). */
  readonly maxAgeHours: number;
  readonly what?: string;
}

const timeOf = (r: Record): number | undefined => {
  if (r.time !== undefined) return r.time * 1000;
  if (!r.time_dt) return undefined;
  return Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(r.time_dt) ? r.time_dt : `${r.time_dt}Z`);
};

/**
 * Reads a Prowler OCSF JSON file (streamed, one record at a time) into one scan, or throws ValidationError with
 * every reason the file cannot be stored: not a complete JSON array, a record that is not a Prowler AWS Detection
 * Finding, findings of several accounts or of an account outside the configuration, no scan time, a scan older
 * than `maxAgeHours` or from the future, or no finding at all. Nothing is returned unless the whole file is good.
 */
export async function readProwlerScan(
  chunks: AsyncIterable<Buffer | string>,
  opts: ReadProwlerOptions,
): Promise<ProwlerScan> {
  const what = opts.what ?? 'Prowler OCSF file';
  const checks = new Map<string, ProwlerCheck>();
  const accounts = new Set<string>();
  const versions = new Set<string>();
  let ocsfVersion = '';
  let first = Infinity;
  let last = -Infinity;
  let index = 0;
  for await (const raw of jsonArrayItems(chunks, what)) {
    const parsed = ProwlerOcsfRecordSchema.safeParse(raw);
    if (!parsed.success)
      throw new ValidationError(
        what,
        formatIssues(parsed.error.issues)
          .slice(0, 10)
          .map((i) => `record ${index}: ${i}`),
      );
    const r = parsed.data;
    accounts.add(r.cloud.account.uid);
    versions.add(r.metadata.product.version);
    ocsfVersion = r.metadata.version;
    const t = timeOf(r);
    if (t === undefined || Number.isNaN(t))
      throw new ValidationError(what, [`record ${index}: no time_dt or time`]);
    first = Math.min(first, t);
    last = Math.max(last, t);
    const res = r.resources?.[0];
    const name = `${res?.region ?? r.cloud.region ?? 'global'}/${res?.uid ?? r.finding_info.uid}`;
    const id = r.metadata.event_code;
    let c = checks.get(id);
    if (!c) checks.set(id, (c = { checkId: id, severity: r.severity, passed: [], failed: [], manual: [] }));
    if (r.status_code === 'PASS') c.passed.push(name);
    else if (r.status_code === 'FAIL') c.failed.push({ resource: name, muted: r.status === 'Suppressed' });
    else c.manual.push(name);
    index++;
  }
  const problems: string[] = [];
  if (index === 0) problems.push('the file holds no finding: nothing shows any check ran');
  if (accounts.size > 1)
    problems.push(
      `findings for ${accounts.size} accounts (${[...accounts].sort().join(', ')}): store one scan per account`,
    );
  const account = [...accounts][0];
  if (account && !opts.accounts.includes(account))
    problems.push(
      `findings for account ${account}, which is not in the configuration (${opts.accounts.join(', ') || 'no account'})`,
    );
  if (versions.size > 1) problems.push(`records from several Prowler versions (${[...versions].join(', ')})`);
  const ageHours = (opts.now.getTime() - first) / 3_600_000;
  if (index && ageHours > opts.maxAgeHours)
    problems.push(
      `the scan started ${new Date(first).toISOString()}, ${Math.floor(ageHours)} h ago: older than the freshness limit of ${opts.maxAgeHours} h`,
    );
  if (index && last > opts.now.getTime() + 5 * 60_000)
    problems.push(`the scan ends in the future (${new Date(last).toISOString()})`);
  const byName = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  for (const c of checks.values()) {
    c.passed.sort(byName);
    c.manual.sort(byName);
    c.failed.sort((x, y) => byName(x.resource, y.resource));
    const names = [...c.passed, ...c.failed.map((f) => f.resource), ...c.manual].sort(byName);
    for (let i = 1; i < names.length; i++)
      if (names[i] === names[i - 1]) problems.push(`check ${c.checkId}: resource ${names[i]} reported twice`);
  }
  if (problems.length) throw new ValidationError(what, problems.slice(0, 20));

  return {
    tool: 'prowler',
    version: [...versions][0]!,
    ocsfVersion,
    account: account!,
    scanStartedAt: new Date(first).toISOString(),
    scanEndedAt: new Date(last).toISOString(),
    findings: index,
    checks: [...checks.values()].sort((x, y) => byName(x.checkId, y.checkId)),
  };
}
