// One scheduled collection of an organisation, driven in-process on the emulator through the deployed code path:
// the fan-out handler plans and enqueues units on each collector's FIFO queue; pollers play the Lambda SQS event
// source (batch size and maximum concurrency from infra/constructs/collector-limits.ts, a failed unit stays
// queued until its visibility timeout and reaches the dead-letter queue after its last receive) and call the
// collector function's batch processor; the sequencer handler then drains the append queue, one invocation per
// scheduled tick, and signs a checkpoint. Used by bench/org-scale.ts and test/integration/org-scale.int.test.ts.
import { performance } from 'node:perf_hooks';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { buildCollectorDeps } from '../functions/collector/deps.js';
import { processBatch } from '../functions/collector/process.js';
import { awsSource } from '../functions/collector/sources/aws.js';
import { buildFanoutDeps } from '../functions/fanout/deps.js';
import { createFanoutHandler } from '../functions/fanout/handler.js';
import { buildSequencer, createSequencerHandler } from '../functions/sequencer/handler.js';
import { COLLECTOR_BATCH_SIZE, COLLECTOR_MAX_CONCURRENCY } from '../infra/constructs/collector-limits.js';
import { getCollector } from '../shared/collectors/registry.js';
import { CollectionUnitMessageSchema } from '../shared/contracts/collection-unit.js';
import { HOME_REGION, MEMBER_ROLE, type OrgPlatform } from './org-scale-platform.js';
import { MemoryPeaks } from './org-scale-memory.js';

export interface ScheduleOptions {
  readonly platform: OrgPlatform;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  /** Collector runs in flight per collector function (default: the deployed limit). */
  readonly concurrency?: number;
  /**
   * Where the pollers (the Lambda service's side: receive, delete, queue depth) send their SQS calls; default
   * the platform's endpoint. The benchmark points them past its counting proxy to count the functions' calls only.
   */
  readonly pollEndpoint?: string;
  /** The clock the units are requested at (a fixed one keeps FIFO deduplication per schedule run). */
  readonly requestedAt?: Date;
  /** Called as each phase starts, and with `done` at the end (the benchmark reads its wire counters there). */
  readonly onPhase?: (phase: 'fanout' | 'collect' | 'sequence' | 'done') => void;
}

/** What happened to one planned unit. */
type UnitFate = 'stored-complete' | 'stored-incomplete' | 'unchanged' | 'dead-letter';

interface UnitRecord {
  readonly collector: string;
  readonly account: string;
  readonly region: string;
  fate?: UnitFate;
  attempts: number;
  /** Milliseconds the collector function spent on the unit, summed over its attempts. */
  handlerMs: number;
  /** Milliseconds since the collection phase started, when the unit was stored (or dead-lettered). */
  doneAtMs?: number;
}

export interface ScheduleRun {
  readonly planned: number;
  readonly units: ReadonlyMap<string, UnitRecord>;
  /** Highest number of one account's units of one collector in flight at once. */
  readonly maxInFlightPerAccountCollector: number;
  readonly phasesMs: { fanout: number; collect: number; sequence: number };
  readonly sequencer: {
    invocations: number;
    appended: number;
    refused: number;
    treeSize: number | undefined;
  };
  readonly memory: ReturnType<MemoryPeaks['report']>;
}

const unitKey = (collector: string, account: string, region: string) => `${collector}|${account}|${region}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sqsRecord(m: { MessageId?: string; ReceiptHandle?: string; Body?: string }, queueArn: string) {
  return {
    messageId: m.MessageId!,
    receiptHandle: m.ReceiptHandle!,
    body: m.Body!,
    attributes: {} as SQSRecord['attributes'],
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: HOME_REGION,
  } satisfies SQSRecord;
}

function fluxConfig(p: OrgPlatform, accounts: readonly string[], regions: readonly string[]) {
  return JSON.stringify({
    origin: `bench/${p.name}`,
    retention: { mode: 'COMPLIANCE', days: 1 },
    aws: { accounts: { mode: 'list', ids: accounts }, regions, memberRoleName: MEMBER_ROLE },
  });
}

/** Runs one schedule of every collector the platform has a queue for; see the file comment. */
export async function runSchedule(o: ScheduleOptions): Promise<ScheduleRun> {
  const p = o.platform;
  const collectors = Object.keys(p.queues);
  const env = {
    TABLE_NAME: p.table,
    EVIDENCE_BUCKET: p.bucket,
    EVENT_BUS_NAME: p.busName,
    APPEND_QUEUE_URL: p.appendQueueUrl,
    FLUX_CONFIG: fluxConfig(p, o.accounts, o.regions),
    AWS_REGION: HOME_REGION,
    AWS_ENDPOINT_URL: p.endpoint,
  };
  const sqs = new SQSClient({ region: HOME_REGION, endpoint: o.pollEndpoint ?? p.endpoint });
  const memory = new MemoryPeaks();
  const requestedAt = o.requestedAt ?? new Date();

  // 1. Fan-out: one invocation per collector schedule.
  o.onPhase?.('fanout');
  let t = performance.now();
  const fanoutDeps = { ...buildFanoutDeps(env), now: () => requestedAt };
  const fanout = createFanoutHandler(() => fanoutDeps);
  let planned = 0;
  for (const id of collectors) {
    const out = await memory.during('fanout', () => fanout({ collector: id, queueUrl: p.queues[id]!.url }));
    planned += out.sent;
  }
  const fanoutMs = performance.now() - t;

  // 2. Collection: the event source's pollers, per collector function.
  const units = new Map<string, UnitRecord>();
  const inFlight = new Map<string, number>();
  let maxInFlight = 0;
  const concurrency = o.concurrency ?? COLLECTOR_MAX_CONCURRENCY;
  o.onPhase?.('collect');
  t = performance.now();
  const started = t;
  const pollers = collectors.map(async (id) => {
    const deps = buildCollectorDeps({ ...env, COLLECTOR_ID: id }, getCollector(id)!, awsSource);
    const { url } = p.queues[id]!;
    const queueArn = `arn:aws:sqs:${HOME_REGION}:000000000000:${id}`;
    // One ReceiveMessage in flight per queue: moto 5.2.1 reads a FIFO queue's in-flight groups once at the start
    // of each receive, without a lock, so two concurrent receives can hand out two messages of one group (SQS never
    // does). Serialising receives keeps the emulator to SQS's rule; processing still runs `concurrency` wide.
    let receiving = Promise.resolve();
    const receive = () => {
      const got = receiving.then(() =>
        sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: COLLECTOR_BATCH_SIZE })),
      );
      receiving = got.then(
        () => undefined,
        () => undefined,
      );
      return got;
    };
    const worker = async () => {
      for (;;) {
        const got = await receive();
        const msgs = got.Messages ?? [];
        if (msgs.length === 0) {
          if (await queueEmpty(sqs, url)) return;
          await sleep(100);
          continue;
        }
        const records = msgs.map((m) => sqsRecord(m, queueArn));
        const keys = records.map((r) => {
          const u = CollectionUnitMessageSchema.parse(JSON.parse(r.body));
          const key = unitKey(u.collector, u.scope.account!, u.scope.region!);
          const rec = units.get(key) ?? {
            collector: u.collector,
            account: u.scope.account!,
            region: u.scope.region!,
            attempts: 0,
            handlerMs: 0,
          };
          rec.attempts += 1;
          units.set(key, rec);
          const g = `${u.collector}|${u.scope.account}`;
          inFlight.set(g, (inFlight.get(g) ?? 0) + 1);
          maxInFlight = Math.max(maxInFlight, inFlight.get(g)!);
          return { key, group: g, record: r };
        });
        const failed = new Set<string>();
        const invoked = performance.now();
        const res = await memory.during('collector', () =>
          processBatch(records, deps, {
            onResult: (r, result) => {
              const rec = units.get(keys.find((k) => k.record === r)!.key)!;
              rec.fate =
                result.outcome === 'unchanged'
                  ? 'unchanged'
                  : result.envelope.provenance.complete
                    ? 'stored-complete'
                    : 'stored-incomplete';
              rec.doneAtMs = performance.now() - started;
            },
          }),
        );
        for (const f of res.batchItemFailures) failed.add(f.itemIdentifier);
        const took = (performance.now() - invoked) / keys.length;
        for (const k of keys) units.get(k.key)!.handlerMs += took;
        for (const k of keys) {
          inFlight.set(k.group, inFlight.get(k.group)! - 1);
          // As the event source does: delete what succeeded; a failure stays until its visibility timeout.
          if (!failed.has(k.record.messageId))
            await sqs.send(
              new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: k.record.receiptHandle }),
            );
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  });
  await Promise.all(pollers);
  const collectMs = performance.now() - t;
  for (const id of collectors) {
    for (const body of await drainQueue(sqs, p.queues[id]!.dlq)) {
      const u = CollectionUnitMessageSchema.parse(JSON.parse(body));
      const rec = units.get(unitKey(u.collector, u.scope.account!, u.scope.region!));
      if (rec) {
        rec.fate = 'dead-letter';
        rec.doneAtMs ??= collectMs;
      }
    }
  }

  // 3. The sequencer, one invocation per scheduled tick until the append queue is empty.
  o.onPhase?.('sequence');
  t = performance.now();
  const seqDeps = buildSequencer({
    TABLE_NAME: p.table,
    EVIDENCE_BUCKET: p.bucket,
    SIGNING_KEY_ARN: p.signingKeyArn,
    LEDGER_ORIGIN: `bench/${p.name}`,
    RETENTION_MODE: 'COMPLIANCE',
    RETENTION_DAYS: '1',
    APPEND_QUEUE_URL: p.appendQueueUrl,
    ALERT_TOPIC_ARN: p.topicArn,
    EVENT_BUS_NAME: p.busName,
    AWS_REGION: HOME_REGION,
    AWS_ENDPOINT_URL: p.endpoint,
  });
  const sequencer = createSequencerHandler(() => seqDeps);
  const seq = { invocations: 0, appended: 0, refused: 0, treeSize: undefined as number | undefined };
  for (;;) {
    const out = await memory.during('sequencer', () => sequencer());
    seq.invocations += 1;
    seq.appended += out.appended ?? 0;
    seq.refused += out.refused ?? 0;
    seq.treeSize = out.treeSize ?? seq.treeSize;
    if (!out.appended && !out.refused) break;
  }
  const sequenceMs = performance.now() - t;
  o.onPhase?.('done');
  memory.stop();
  return {
    planned,
    units,
    maxInFlightPerAccountCollector: maxInFlight,
    phasesMs: { fanout: fanoutMs, collect: collectMs, sequence: sequenceMs },
    sequencer: seq,
    memory: memory.report(),
  };
}

async function queueEmpty(sqs: SQSClient, url: string): Promise<boolean> {
  const { Attributes: a } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(a?.ApproximateNumberOfMessages ?? 0) + Number(a?.ApproximateNumberOfMessagesNotVisible ?? 0) === 0
  );
}

/** Every message body in a queue, deleted as read. */
async function drainQueue(sqs: SQSClient, url: string): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    if (!got.Messages?.length) return out;
    for (const m of got.Messages) {
      out.push(m.Body!);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle! }));
    }
  }
}
