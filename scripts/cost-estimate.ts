// Wall time of one daily schedule and monthly AWS cost of a deployment, from the per-unit figures the org-scale
// benchmark measures (`npm run bench -- org-scale`, bench/out/results.json) and the deployed limits
// (infra/constructs/collector-limits.ts). Run: `npx tsx scripts/cost-estimate.ts [results.json]`; without an
// argument it reads bench/out/results.json, or else the committed 500 x 17 run (bench/fixtures/org-scale-500x17.json).
// docs/DEPLOY.md ("Performance at organisation scale", "Monthly cost") shows the output and every assumption.
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { COLLECTOR_MAX_CONCURRENCY, COLLECTOR_MEMORY_MB } from '../infra/constructs/collector-limits.js';

/**
 * Public on-demand prices, US East (N. Virginia), read 2026-12-06 (docs/DEPLOY.md lists the pages). Free tiers are
 * left out (a deployment usually shares its account with other workloads), so the figures are upper bounds.
 */
export const PRICES = {
  lambdaRequestPerMillion: 0.2,
  /** arm64 (the functions' architecture, infra/constructs/flux-function.ts), first 7.5 billion GB-s. */
  lambdaGbSecond: 0.0000133334,
  dynamoWriteUnitPerMillion: 0.625,
  dynamoReadUnitPerMillion: 0.125,
  dynamoGbMonth: 0.25,
  s3PutPerThousand: 0.005,
  s3GetPerThousand: 0.0004,
  s3GbMonth: 0.023,
  kmsKeyMonth: 1,
  kmsRequestPer10k: 0.03,
  sqsFifoPerMillion: 0.5,
  eventBridgeCustomEventPerMillion: 1,
  schedulerInvocationPerMillion: 1,
  cloudWatchLogsIngestGb: 0.5,
  cloudWatchAlarmMonth: 0.1,
  xrayTracesPerMillion: 5,
  secretMonth: 0.4,
  dynamoPitrGbMonth: 0.2,
} as const;

/**
 * The mapper runs once per EvidenceStored event (one per unit) and the benchmark does not drive it: assumed
 * 0.5 s at its 512 MB, 4 write and 10 read request units per run (results, control state, scopes).
 */
const MAPPER = { seconds: 0.5, gb: 0.5, writeUnits: 4, readUnits: 10 } as const;
/** Alarms in the synthesized example template and secrets of a GitHub + one identity provider setup. */
const FIXED = { alarms: 83, secrets: 3 } as const;

/** What one collection unit costs, as measured by the org-scale benchmark (per unit, averaged). */
export interface UnitFigures {
  /** Collector function seconds per unit on AWS (see {@link secondsPerUnit}). */
  readonly seconds: number;
  /** Platform-side requests per unit (collector + sequencer). */
  readonly s3Puts: number;
  readonly s3Gets: number;
  /** DynamoDB write request units: the content index put, and the sequencer's transactional items (2 WRU each). */
  readonly dynamoWriteUnits: number;
  readonly dynamoReadUnits: number;
  /** DynamoDB items kept per unit (artifact, leaf, nodes, content index amortised). */
  readonly dynamoItemBytes: number;
  readonly sqsRequests: number;
  readonly events: number;
  /** Evidence bytes stored per unit. */
  readonly bytesStored: number;
  /** Log bytes per unit (Powertools JSON lines). */
  readonly logBytes: number;
}

export interface Deployment {
  readonly accounts: number;
  readonly regions: number;
  /** AWS collectors scheduled per account and region (regional) and per account (global). */
  readonly regionalCollectors: number;
  readonly globalCollectors: number;
  /** Days evidence is kept in S3 (the month's storage is what accumulates up to this, capped at the retention). */
  readonly retentionDays: number;
}

/** The default deployment: every AWS collector in the registry, 17 regions, one year's retention. */
export const DEFAULT_DEPLOYMENT: Omit<Deployment, 'accounts'> = {
  regions: 17,
  regionalCollectors: 11,
  globalCollectors: 6,
  retentionDays: 365,
};

export const unitsPerSchedule = (d: Deployment): number =>
  d.accounts * (d.regionalCollectors * d.regions + d.globalCollectors);

/**
 * Wall time of one schedule: the collectors run side by side (one function and queue each), so the schedule
 * takes as long as the busiest collector, a regional one: accounts x regions units, `concurrency` at a time.
 * FIFO groups per account never bind at this size (accounts >> concurrency).
 */
export function scheduleSeconds(
  d: Deployment,
  seconds: number,
  concurrency = COLLECTOR_MAX_CONCURRENCY,
): number {
  const busiest = d.accounts * (d.regionalCollectors > 0 ? d.regions : 1);
  return (busiest * seconds) / concurrency;
}

export interface MonthlyCost {
  readonly units: number;
  readonly lines: Readonly<Record<string, number>>;
  readonly total: number;
}

const DAYS = 30;

/** Monthly cost of a daily schedule (30 days), per service, in USD. */
export function monthlyCost(d: Deployment, u: UnitFigures, p = PRICES): MonthlyCost {
  const units = unitsPerSchedule(d) * DAYS;
  const gb = (bytes: number) => bytes / 1024 ** 3;
  // Storage in steady state: a full retention period of daily schedules (a year at most in this estimate).
  const storedDays = Math.min(d.retentionDays, 365);
  const dailyBytes = unitsPerSchedule(d) * u.bytesStored;
  // Collectors and the mapper once per unit, the sequencer every 5 minutes, the fan-out once per schedule.
  const lambdaInvocations = 2 * units + 288 * DAYS + 17 * DAYS;
  const tableBytes = unitsPerSchedule(d) * u.dynamoItemBytes * Math.min(d.retentionDays, 365);
  const lines: Record<string, number> = {
    lambdaRequests: (lambdaInvocations / 1e6) * p.lambdaRequestPerMillion,
    lambdaCompute:
      units * (u.seconds * (COLLECTOR_MEMORY_MB / 1024) + MAPPER.seconds * MAPPER.gb) * p.lambdaGbSecond,
    dynamoRequests:
      ((units * (u.dynamoWriteUnits + MAPPER.writeUnits)) / 1e6) * p.dynamoWriteUnitPerMillion +
      ((units * (u.dynamoReadUnits + MAPPER.readUnits)) / 1e6) * p.dynamoReadUnitPerMillion,
    dynamoStorage: gb(tableBytes) * (p.dynamoGbMonth + p.dynamoPitrGbMonth),
    s3Requests: (units * u.s3Puts * p.s3PutPerThousand + units * u.s3Gets * p.s3GetPerThousand) / 1000,
    s3Storage: gb(dailyBytes * storedDays) * p.s3GbMonth,
    // Data key and signing key, plus the checkpoint signatures (S3 uses a bucket key: a handful of KMS calls).
    kms: 2 * p.kmsKeyMonth + ((288 * DAYS) / 1e4) * p.kmsRequestPer10k,
    sqs: ((units * u.sqsRequests) / 1e6) * p.sqsFifoPerMillion,
    eventBridge: ((units * u.events) / 1e6) * p.eventBridgeCustomEventPerMillion,
    scheduler: (((17 + 288) * DAYS) / 1e6) * p.schedulerInvocationPerMillion,
    cloudWatchLogs: gb(2 * units * u.logBytes) * p.cloudWatchLogsIngestGb,
    cloudWatchAlarms: FIXED.alarms * p.cloudWatchAlarmMonth,
    // Active tracing's default sampling: one trace a second (the busy hour of each day) plus 5% of the rest.
    xray: ((3600 * DAYS + 0.05 * lambdaInvocations) / 1e6) * p.xrayTracesPerMillion,
    secrets: FIXED.secrets * p.secretMonth,
  };
  const round = (x: number) => Math.round(x * 100) / 100;
  const rounded = Object.fromEntries(Object.entries(lines).map(([k, v]) => [k, round(v)]));
  return { units, lines: rounded, total: round(Object.values(lines).reduce((a, b) => a + b, 0)) };
}

/** The org-scale benchmark's figures this script reads (bench/org-scale.ts). */
export interface OrgScaleResults {
  readonly handlerMsPerUnit: number;
  readonly apiCallsPerUnit: number;
  readonly collectOpsPerUnit: Readonly<Record<string, number>>;
  readonly sequenceOpsPerUnit: Readonly<Record<string, number>>;
  readonly dynamoItems: Readonly<Record<string, number>>;
  readonly bytesPerUnit: number;
  readonly planned: number;
}

/**
 * Seconds per sequential API call on AWS, an assumption: the emulator answers on loopback in milliseconds, while
 * a collector's calls on AWS cross the network and, for 16 of 17 regions, leave the home region.
 */
export const AWS_SECONDS_PER_CALL = 0.1;
/** Bytes a DynamoDB item costs in storage (index and attribute overhead included), an assumption. */
const ITEM_BYTES = 300;
/** Bytes of Powertools log lines per unit (a start and a result line), an assumption. */
const LOG_BYTES_PER_UNIT = 1200;

const op = (ops: Readonly<Record<string, number>>, name: string) => ops[name] ?? 0;

/** Per-unit figures from one benchmark run: measured counts, plus the assumptions above for AWS latency. */
export function unitFiguresFrom(r: OrgScaleResults): UnitFigures {
  const c = r.collectOpsPerUnit;
  const s = r.sequenceOpsPerUnit;
  // Log items per unit (artifact, leaf, nodes): everything but the content index, the head and checkpoints.
  const perScope = ['LATEST', 'HEAD', 'CHECKPOINT'];
  const logItemsPerUnit =
    Object.entries(r.dynamoItems)
      .filter(([prefix]) => !perScope.includes(prefix))
      .reduce((a, [, n]) => a + n, 0) / r.planned;
  const latest = r.dynamoItems.LATEST ?? 0;
  return {
    seconds: Math.max(r.handlerMsPerUnit / 1000, r.apiCallsPerUnit * AWS_SECONDS_PER_CALL),
    s3Puts: op(c, 's3:PUT object') + op(s, 's3:PUT object'),
    s3Gets: op(c, 's3:GET object') + op(s, 's3:GET object'),
    // A transactional write costs 2 WRU per item; the content index put 1.
    dynamoWriteUnits: op(c, 'dynamodb:PutItem') + 2 * logItemsPerUnit,
    dynamoReadUnits:
      op(c, 'dynamodb:GetItem') +
      op(s, 'dynamodb:GetItem') +
      op(s, 'dynamodb:BatchGetItem') +
      op(s, 'dynamodb:Query'),
    dynamoItemBytes: (logItemsPerUnit + latest / r.planned) * ITEM_BYTES,
    // The unit's own message (sent in batches of 10), the event source's receive and delete, the append request,
    // and the sequencer's receives and deletes.
    sqsRequests:
      0.1 + 2 + op(c, 'sqs:SendMessage') + op(s, 'sqs:ReceiveMessage') + op(s, 'sqs:DeleteMessageBatch'),
    events: op(c, 'events:PutEvents'),
    bytesStored: r.bytesPerUnit,
    logBytes: LOG_BYTES_PER_UNIT,
  };
}

function main(): void {
  const fresh = 'bench/out/results.json';
  const file = process.argv[2] ?? (existsSync(fresh) ? fresh : 'bench/fixtures/org-scale-500x17.json');
  if (!existsSync(file)) throw new Error(`${file}: no such file (run \`npm run bench -- org-scale\`)`);
  console.log(`figures from ${file}`);
  const all = JSON.parse(readFileSync(file, 'utf8')) as { 'org-scale'?: OrgScaleResults };
  const r = all['org-scale'];
  if (!r) throw new Error(`${file} holds no org-scale figures: run \`npm run bench -- org-scale\``);
  const u = unitFiguresFrom(r);
  console.log(`per unit: ${JSON.stringify(u)}`);
  for (const accounts of [1, 10, 100, 500]) {
    const d = { ...DEFAULT_DEPLOYMENT, accounts };
    const cost = monthlyCost(d, u);
    const minutes = Math.round(scheduleSeconds(d, u.seconds) / 60);
    console.log(
      `${accounts} accounts: ${unitsPerSchedule(d)} units/day, schedule ${minutes} min at concurrency ` +
        `${COLLECTOR_MAX_CONCURRENCY}, $${cost.total}/month ${JSON.stringify(cost.lines)}`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
