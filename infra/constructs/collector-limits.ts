// The deployed concurrency and retry limits of the collection path, in one place: the collector worker and the
// sequencer constructs use them, and so do the org-scale benchmark (bench/org-scale*.ts, which drives the same
// queues in-process) and the cost and schedule estimate (scripts/cost-estimate.ts).

/**
 * Collector runs in flight per collector function (the SQS event source's maximum concurrency). Each work queue
 * is FIFO with MessageGroupId = account, so one account has at most one unit of a collector in flight: with N
 * collectors, at most N concurrent runs per account whatever this limit is, and one slow or throttled account
 * holds at most one of these slots per collector.
 */
export const COLLECTOR_MAX_CONCURRENCY = 5;
/** Units per collector invocation (SQS batch size). */
export const COLLECTOR_BATCH_SIZE = 1;
/** Receives of a unit before its queue moves it to the collector's dead-letter queue (an explicit failure). */
export const COLLECTOR_UNIT_MAX_RECEIVES = 3;
export const COLLECTOR_TIMEOUT_MINUTES = 10;
export const COLLECTOR_MEMORY_MB = 1024;
