// Sequencer append throughput on moto: the same queued append requests appended one leaf per
// TransactWriteItems (DynamoLedger.append: the leaf's artifact item, its page, any node above page level, the head)
// and in batched transactions (DynamoLedger.appendBatch: ~95 leaves per 100-item transaction), in the same run, at
// 1,000 and 10,000 requests. Requests come through the real SQS FIFO queue and each is checked against its stored
// S3 object, exactly as the deployed sequencer does (functions/sequencer/drain.ts). The target (>= 10x) is the
// append step's: receiving, acknowledging and rehashing each request's object are the same work in both modes and
// are reported separately, with the end-to-end ratio.
// This benchmark starts its own moto with bench/fixtures/moto-perf/sitecustomize.py: moto 5.2.1 deep-copies the
// whole table for each item of a TransactWriteItems and computes every queue attribute by scanning all messages,
// costs in proportion to the stored state that real DynamoDB and SQS do not have (docs/EMULATOR.md). Without the
// patch the one-leaf baseline pays a copy of the growing table per leaf, which made batching look 34x faster at
// 1,000. What remains is moto's cost per request (~4-5 ms) and per transaction item (~0.5 ms): a batched leaf
// writes about one item, a one-leaf transaction three plus the request.
// Run: npm run bench -- ledger-batch   (sizes: FLUX_BENCH_LEDGER_BATCH_SIZES=1000,10000)
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { join } from 'node:path';
import { drainAppends } from '../functions/sequencer/drain.js';
import { startMoto } from '../shared/emulator/moto-server.js';
import { sha256Hex } from '../shared/evidence/canonical.js';
import { appendRequest } from '../shared/ledger/append-request.js';
import { DynamoLedger } from '../shared/ledger/dynamo-ledger.js';
import { createLedgerTable } from '../shared/ledger/dynamo-schema.js';
import { SqsAppendQueue } from '../shared/ledger/sqs-append-queue.js';
import { ensureEvidenceBucket } from '../shared/store/evidence-bucket.js';
import { readStoredObject } from '../shared/store/s3-read.js';

export interface LedgerBatchFigures {
  readonly requests: number;
  readonly singleLeavesPerSecond: number;
  readonly batchedLeavesPerSecond: number;
  readonly speedup: number;
  /** The same ratio for the append step alone (object checks and queue traffic excluded): the target. */
  readonly appendOnlySpeedup: number;
  /** Milliseconds per leaf of each part, per mode: append step, queue (receive and acknowledge), object checks. */
  readonly msPerLeaf: Record<'single' | 'batch', { append: number; queue: number; objectChecks: number }>;
}

const AT = '2026-03-01T00:00:00.000Z';

export async function run(options: { sizes?: readonly number[] } = {}): Promise<LedgerBatchFigures[]> {
  const moto = await startMoto({
    root: process.cwd(),
    env: { PYTHONPATH: join(process.cwd(), 'bench/fixtures/moto-perf') },
  });
  try {
    return await measureSizes(moto.endpoint, options.sizes);
  } finally {
    await moto.stop();
  }
}

async function measureSizes(endpoint: string, wanted?: readonly number[]): Promise<LedgerBatchFigures[]> {
  const sizes =
    wanted ??
    (process.env.FLUX_BENCH_LEDGER_BATCH_SIZES ?? '1000,10000').split(',').map((s) => Number(s.trim()));
  const cfg = {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  };
  const s3 = new S3Client({ ...cfg, forcePathStyle: true });
  const sqs = new SQSClient(cfg);
  const ddb = new DynamoDBClient(cfg);
  const out: LedgerBatchFigures[] = [];
  for (const n of sizes) {
    const bucket = `bench-batch-${n}`;
    await ensureEvidenceBucket(s3, bucket, { objectLock: { days: 1 } });
    const requests = await storeObjects(s3, bucket, n);
    const timing = {
      single: { total: 0, append: 0, queue: 0 },
      batch: { total: 0, append: 0, queue: 0 },
    };
    for (const mode of ['single', 'batch'] as const) {
      const name = `bench-batch-${mode}-${n}`;
      await createLedgerTable(ddb, name);
      const queueUrl = (
        await sqs.send(
          // The deployed append queue's visibility timeout (the sequencer's 5 minutes plus 1): SQS's default 30 s
          // would hand a slow one-leaf round's requests out again before they are acknowledged.
          new CreateQueueCommand({
            QueueName: `${name}.fifo`,
            Attributes: { FifoQueue: 'true', VisibilityTimeout: '360' },
          }),
        )
      ).QueueUrl!;
      const queue = new SqsAppendQueue(sqs, queueUrl);
      for (let i = 0; i < requests.length; i += 10) {
        await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: requests.slice(i, i + 10).map((r, j) => ({
              Id: String(j),
              MessageBody: JSON.stringify(r),
              MessageGroupId: r.sha256.slice(0, 2),
              MessageDeduplicationId: r.sha256,
            })),
          }),
        );
      }
      const ledger = new DynamoLedger({
        client: DynamoDBDocumentClient.from(ddb),
        tableName: name,
        origin: 'bench',
      });
      const timed = {
        append: (r: Parameters<DynamoLedger['append']>[0]) => measure(timing[mode], () => ledger.append(r)),
        appendBatch: (rs: Parameters<DynamoLedger['appendBatch']>[0]) =>
          measure(timing[mode], () => ledger.appendBatch(rs)),
      };
      const t0 = performance.now();
      const source = {
        receive: (max: number) => measure(timing[mode], () => queue.receive(max), 'queue'),
        ack: (handles: readonly string[]) => measure(timing[mode], () => queue.ack(handles), 'queue'),
      };
      // Sequencer runs until every request is appended, as the deployed schedule would (a run ends when a receive
      // comes back empty, e.g. while FIFO holds the groups of unacknowledged requests); three empty runs in a row fail.
      let appended = 0;
      for (let idle = 0; appended < n && idle < 3;) {
        const result = await drainAppends({
          source,
          ledger: timed,
          readObject: (key) => readStoredObject(s3, bucket, key, 1 << 20),
          refuse: (refused) => Promise.reject(new Error(`bench request refused: ${refused[0]?.message}`)),
          maxRequests: 2 * n, // a redelivered request is an idempotent append
          mode,
        });
        appended += result.appended;
        idle = result.appended === 0 ? idle + 1 : 0;
      }
      timing[mode].total = performance.now() - t0;
      const head = await ledger.head();
      if (appended !== n || head.treeSize !== n) {
        throw new Error(`${mode}: appended ${appended}, tree size ${head.treeSize}, expected ${n}`);
      }
    }
    const rate = (ms: number) => (n * 1000) / ms;
    const figures: LedgerBatchFigures = {
      requests: n,
      singleLeavesPerSecond: rate(timing.single.total),
      batchedLeavesPerSecond: rate(timing.batch.total),
      speedup: timing.single.total / timing.batch.total,
      appendOnlySpeedup: timing.single.append / timing.batch.append,
      msPerLeaf: {
        single: perLeaf(timing.single, n),
        batch: perLeaf(timing.batch, n),
      },
    };
    console.log(
      `${n} queued requests: one leaf per transaction ${figures.singleLeavesPerSecond.toFixed(1)} leaves/s, ` +
        `batched ${figures.batchedLeavesPerSecond.toFixed(1)} leaves/s: ${figures.speedup.toFixed(1)}x end to end ` +
        `(append step ${figures.appendOnlySpeedup.toFixed(1)}x; target for the append step >= 10x)`,
    );
    for (const mode of ['single', 'batch'] as const) {
      const t = timing[mode];
      console.log(
        `  ${mode}: total ${(t.total / 1000).toFixed(1)} s = append ${(t.append / 1000).toFixed(1)} s + queue ${(t.queue / 1000).toFixed(1)} s + object checks ${((t.total - t.append - t.queue) / 1000).toFixed(1)} s`,
      );
    }
    out.push(figures);
  }
  return out;
}

function perLeaf(t: { total: number; append: number; queue: number }, n: number) {
  const r = (ms: number) => Math.round((ms / n) * 100) / 100;
  return { append: r(t.append), queue: r(t.queue), objectChecks: r(t.total - t.append - t.queue) };
}

async function measure<T>(
  acc: { append: number; queue: number },
  f: () => Promise<T>,
  what: 'append' | 'queue' = 'append',
): Promise<T> {
  const t = performance.now();
  try {
    return await f();
  } finally {
    acc[what] += performance.now() - t;
  }
}

/** Stores n small artifacts under evidence keys (16 at a time) and returns their append requests. */
async function storeObjects(s3: S3Client, bucket: string, n: number) {
  const requests = Array.from({ length: n }, (_, i) => {
    const body = JSON.stringify({ artifact: i, bucket });
    const sha256 = sha256Hex(body);
    return {
      body,
      request: appendRequest({
        sha256,
        key: `evidence/aws-kms-keys/2026/03/01/${AT}_${sha256}.json`,
        collector: 'aws-kms-keys',
        scope: `account=123456789012,region=us-east-1`,
        observedAt: AT,
        collectedAt: AT,
      }),
    };
  });
  for (let i = 0; i < requests.length; i += 16) {
    await Promise.all(
      requests.slice(i, i + 16).map(({ body, request }) =>
        s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: request.key,
            Body: body,
            IfNoneMatch: '*',
            ChecksumAlgorithm: 'SHA256',
            ChecksumSHA256: Buffer.from(request.sha256, 'hex').toString('base64'),
          }),
        ),
      ),
    );
  }
  return requests.map((r) => r.request);
}
