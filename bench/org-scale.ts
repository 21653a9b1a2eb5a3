// `npm run bench -- org-scale [--accounts N] [--regions M]` (default 500 x 17): one daily schedule of an
// organisation on the emulator through the deployed path (bench/org-scale-run.ts), with a regional collector
// (aws-kms-keys) and a global one (aws-iam-password-policy) over N member accounts x M regions, each account
// seeded with one KMS key and a password policy. Every request goes through a counting proxy. Prints units
// planned and their fates, API calls per unit, units/s, sequencer leaves/s, DynamoDB items written, S3 PUTs,
// bytes stored, and the peak memory of each handler. Figures feed scripts/cost-estimate.ts (docs/DEPLOY.md).
import { performance } from 'node:perf_hooks';
import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { startCountingProxy, type ProxyCounts } from './counting-proxy.js';
import {
  createOrgPlatform,
  memberAccounts,
  REGIONS,
  seedMemberAccounts,
  startOrgMoto,
} from './org-scale-platform.js';
import { runSchedule, type ScheduleRun } from './org-scale-run.js';

const COLLECTORS = ['aws-kms-keys', 'aws-iam-password-policy'];
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1)
    throw new Error(`--${name} needs a positive integer, got ${process.argv[i + 1]}`);
  return v;
}

/** Requests per AWS service (from the SigV4 scope) in one phase's counts. */
function byService(c: ProxyCounts): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [op, n] of Object.entries(c.byOperation)) {
    const service = op.split(':')[0]!;
    out[service] = (out[service] ?? 0) + n;
  }
  return out;
}

const perUnit = (ops: Readonly<Record<string, number>>, units: number) =>
  Object.fromEntries(Object.entries(ops).map(([k, v]) => [k, round(v / units, 3)]));

async function tableItems(endpoint: string, table: string): Promise<Record<string, number>> {
  const ddb = new DynamoDBClient({ endpoint, region: 'us-east-1' });
  const out: Record<string, number> = {};
  for await (const page of paginateScan({ client: ddb }, { TableName: table, ProjectionExpression: 'pk' })) {
    for (const item of page.Items ?? []) {
      const prefix = (item.pk?.S ?? '').split('#')[0]!;
      out[prefix] = (out[prefix] ?? 0) + 1;
    }
  }
  return out;
}

async function bucketBytes(endpoint: string, bucket: string) {
  const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true });
  const out: Record<string, { objects: number; bytes: number }> = {};
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket })) {
    for (const o of page.Contents ?? []) {
      const prefix = o.Key!.split('/')[0]!;
      const p = (out[prefix] ??= { objects: 0, bytes: 0 });
      p.objects += 1;
      p.bytes += o.Size ?? 0;
    }
  }
  return out;
}

function fates(run: ScheduleRun): Record<string, number> {
  const out: Record<string, number> = { lost: run.planned - run.units.size };
  for (const u of run.units.values()) {
    const f = u.fate ?? 'lost';
    out[f] = (out[f] ?? 0) + 1;
  }
  return out;
}

export async function run(): Promise<Record<string, unknown>> {
  const moto = await startOrgMoto();
  try {
    return await measure(moto.endpoint);
  } finally {
    await moto.stop();
  }
}

async function measure(endpoint: string): Promise<Record<string, unknown>> {
  const accountCount = flag('accounts', 500);
  const regionCount = flag('regions', REGIONS.length);
  if (regionCount > REGIONS.length) throw new Error(`--regions is at most ${REGIONS.length}`);
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  process.env.AWS_ACCESS_KEY_ID ??= 'testing';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';
  const accounts = memberAccounts(accountCount);
  const regions = REGIONS.slice(0, regionCount);
  const proxy = await startCountingProxy(endpoint);
  try {
    let t = performance.now();
    const platform = await createOrgPlatform(proxy.endpoint, 'org', COLLECTORS, 30);
    await seedMemberAccounts(endpoint, accounts);
    console.log(`seeded ${accountCount} member accounts in ${Math.round(performance.now() - t)} ms`);
    const counts: Partial<Record<string, ProxyCounts>> = {};
    let phase = '';
    t = performance.now();
    const schedule = await runSchedule({
      platform,
      accounts,
      regions,
      pollEndpoint: endpoint,
      onPhase: (next) => {
        if (phase) counts[phase] = proxy.counts();
        proxy.reset();
        phase = next;
      },
    });
    const wallMs = performance.now() - t;
    const collect = counts.collect!;
    const sequence = counts.sequence!;
    const units = schedule.units.size;
    const handlerMs = [...schedule.units.values()].reduce((a, u) => a + u.handlerMs, 0);
    const items = await tableItems(endpoint, platform.table);
    const stored = await bucketBytes(endpoint, platform.bucket);
    const s3Puts = ['fanout', 'collect', 'sequence'].reduce(
      (a, ph) => a + (counts[ph]?.byOperation['s3:PUT object'] ?? 0),
      0,
    );
    const figures = {
      accounts: accountCount,
      regions: regionCount,
      collectors: COLLECTORS,
      planned: schedule.planned,
      fates: fates(schedule),
      wallSeconds: round(wallMs / 1000, 1),
      phasesSeconds: Object.fromEntries(
        Object.entries(schedule.phasesMs).map(([k, v]) => [k, round(v / 1000, 1)]),
      ),
      apiCallsPerUnit: round(collect.requests / units),
      apiCallsPerUnitByService: Object.fromEntries(
        Object.entries(byService(collect)).map(([k, v]) => [k, round(v / units)]),
      ),
      collectOpsPerUnit: perUnit(collect.byOperation, units),
      sequenceOpsPerUnit: perUnit(sequence.byOperation, units),
      collectErrors: collect.errors,
      handlerMsPerUnit: round(handlerMs / units, 1),
      unitsPerSecond: round(units / (schedule.phasesMs.collect / 1000), 1),
      sequencer: {
        ...schedule.sequencer,
        leavesPerSecond: round(schedule.sequencer.appended / (schedule.phasesMs.sequence / 1000), 1),
        requests: sequence.requests,
      },
      maxInFlightPerAccountCollector: schedule.maxInFlightPerAccountCollector,
      dynamoItems: items,
      dynamoItemsPerUnit: round(Object.values(items).reduce((a, b) => a + b, 0) / units),
      dynamoWriteCalls: {
        collect:
          (collect.byOperation['dynamodb:PutItem'] ?? 0) +
          (collect.byOperation['dynamodb:TransactWriteItems'] ?? 0),
        sequence:
          (sequence.byOperation['dynamodb:PutItem'] ?? 0) +
          (sequence.byOperation['dynamodb:TransactWriteItems'] ?? 0),
      },
      s3Puts,
      stored,
      bytesPerUnit: round(Object.values(stored).reduce((a, b) => a + b.bytes, 0) / units, 0),
      peakMemory: schedule.memory,
    };
    console.log(JSON.stringify(figures, null, 2));
    return figures;
  } finally {
    await proxy.close();
  }
}
