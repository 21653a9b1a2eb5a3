import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { runCollector, type RunResult } from '../../shared/kernel/runner.js';
import { formatIssues, ValidationError } from '../../shared/errors.js';
import { connectionFor, type CollectorDeps } from './deps.js';
import { publishEvidenceStored } from './events.js';
import { CollectionUnitMessageSchema } from '../../shared/contracts/collection-unit.js';

/** Runs one unit: collect, store, append to the ledger, publish EvidenceStored. */
async function processUnit(body: string, deps: CollectorDeps): Promise<RunResult> {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new ValidationError('collection unit', ['body: not JSON']);
  }
  const parsed = CollectionUnitMessageSchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError('collection unit', formatIssues(parsed.error.issues));
  const unit = parsed.data;
  if (unit.collector !== deps.collector.meta.id) {
    throw new ValidationError('collection unit', [
      `collector: ${unit.collector} is not this function's ${deps.collector.meta.id}`,
    ]);
  }
  const [connection, { extras, identity }] = await Promise.all([
    connectionFor(unit.scope, deps),
    deps.extras(),
  ]);
  const result = await runCollector(deps.collector, unit.scope, {
    store: deps.store,
    ledger: deps.ledger,
    index: deps.index,
    statements: deps.statements,
    connection,
    extras,
    now: deps.now,
    ...(identity ? { identity } : {}),
  });
  await publishEvidenceStored(deps.events, deps.busName, result);
  return result;
}

/** Callbacks of {@link processBatch}: where the handler logs and counts, one record at a time. */
export interface BatchHooks {
  /** Before a record is processed (not called for records skipped after a failure). */
  readonly onStart?: (record: SQSRecord) => void;
  readonly onResult?: (record: SQSRecord, result: RunResult) => void;
  readonly onError?: (record: SQSRecord, error: unknown) => void;
}

/**
 * Processes an SQS batch in order and reports failed items. Queues are FIFO: after the first failure, the
 * rest of the batch is reported failed too, so a message group is never processed out of order.
 */
export async function processBatch(
  records: readonly SQSRecord[],
  deps: CollectorDeps,
  hooks: BatchHooks = {},
): Promise<SQSBatchResponse> {
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of records) {
    if (failures.length) {
      failures.push({ itemIdentifier: record.messageId });
      continue;
    }
    hooks.onStart?.(record);
    let result: RunResult;
    try {
      result = await processUnit(record.body, deps);
    } catch (error) {
      hooks.onError?.(record, error);
      failures.push({ itemIdentifier: record.messageId });
      continue;
    }
    hooks.onResult?.(record, result);
  }
  return { batchItemFailures: failures };
}
