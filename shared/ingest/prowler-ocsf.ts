import * as z from 'zod';
import { ValidationError, formatIssues } from '../errors.js';
import { jsonArrayItems } from './json-array-stream.js';

/**
 * The part of an OCSF Detection Finding (class_uid 2004) that Prowler writes with `-M json-ocsf` and that the ingest
 * reads; other fields are allowed and ignored. Schema: https://schema.ocsf.io/classes/detection_finding
 */
export const ProwlerOcsfRecordSchema = z.object({
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
  time_dt: z.iso.datetime({ offset: true }).optional(),
  time: z.number().int().positive().optional(),
});
type Record = z.infer<typeof ProwlerOcsfRecordSchema>;

export const ProwlerFindingSchema = z.strictObject({
  uid: z.string().min(1),
  checkId: z.string().min(1),
  status: z.enum(['PASS', 'FAIL', 'MANUAL']),
  /** Muted in Prowler (OCSF status "Suppressed"): kept, and still counted as a FAIL by the rules. */
  muted: z.boolean(),
  severity: z.string(),
  region: z.string(),
  resource: z.string(),
});
export type ProwlerFinding = z.infer<typeof ProwlerFindingSchema>;

/** One Prowler scan of one AWS account, as stored: its origin, then every finding sorted by uid. */
export const ProwlerScanSchema = z.strictObject({
  tool: z.literal('prowler'),
  version: z.string().min(1),
  ocsfVersion: z.string().min(1),
  account: z.string().regex(/^\d{12}$/),
  scanStartedAt: z.iso.datetime({ offset: true }),
  scanEndedAt: z.iso.datetime({ offset: true }),
  /** Every check the scan ran (at least one finding), with its finding counts. */
  checks: z.array(
    z.strictObject({
      checkId: z.string().min(1),
      pass: z.number().int().nonnegative(),
      fail: z.number().int().nonnegative(),
      manual: z.number().int().nonnegative(),
    }),
  ),
  findings: z.array(ProwlerFindingSchema),
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

const timeOf = (r: Record): number | undefined =>
  r.time_dt ? Date.parse(r.time_dt) : r.time !== undefined ? r.time * 1000 : undefined;

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
  const findings: ProwlerFinding[] = [];
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
    const resource = r.resources?.[0];
    findings.push({
      uid: r.finding_info.uid,
      checkId: r.metadata.event_code,
      status: r.status_code,
      muted: r.status === 'Suppressed',
      severity: r.severity,
      region: resource?.region ?? r.cloud.region ?? 'global',
      resource: resource?.uid ?? r.finding_info.uid,
    });
    index++;
  }
  const problems: string[] = [];
  if (findings.length === 0) problems.push('the file holds no finding: nothing shows any check ran');
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
  if (findings.length && ageHours > opts.maxAgeHours)
    problems.push(
      `the scan started ${new Date(first).toISOString()}, ${Math.floor(ageHours)} h ago: older than the freshness limit of ${opts.maxAgeHours} h`,
    );
  if (findings.length && last > opts.now.getTime() + 5 * 60_000)
    problems.push(`the scan ends in the future (${new Date(last).toISOString()})`);
  const uids = new Set(findings.map((f) => f.uid));
  if (uids.size !== findings.length) problems.push(`${findings.length - uids.size} duplicate finding uid(s)`);
  if (problems.length) throw new ValidationError(what, problems);

  findings.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  const checks = new Map<string, { checkId: string; pass: number; fail: number; manual: number }>();
  for (const f of findings) {
    const c = checks.get(f.checkId) ?? { checkId: f.checkId, pass: 0, fail: 0, manual: 0 };
    if (f.status === 'PASS') c.pass++;
    else if (f.status === 'FAIL') c.fail++;
    else c.manual++;
    checks.set(f.checkId, c);
  }
  return {
    tool: 'prowler',
    version: [...versions][0]!,
    ocsfVersion,
    account: account!,
    scanStartedAt: new Date(first).toISOString(),
    scanEndedAt: new Date(last).toISOString(),
    checks: [...checks.values()].sort((a, b) => a.checkId.localeCompare(b.checkId)),
    findings,
  };
}
