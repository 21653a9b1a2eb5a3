// The deployed concurrency and retry limits of the collection path, in one place: the collector worker and the
// sequencer constructs use them, and so do the org-scale benchmark (bench/org-scale*.ts, which drives the same
// queues in-process) and the cost and schedule estimate (scripts/cost-estimate.ts).

/**
 * Collector runs in flight per collector function (the SQS event source's maximum concurrency). Each work queue
 * is FIFO with MessageGroupId = account, so one account has at most one unit of a collector in flight whatever
 * this limit is: it sets the platform's parallelism, not the pressure on any member account's API quotas, and one
 * slow or throttled account holds at most one of these slots per collector.
 * 20, not 5: a schedule lasts as long as its busiest regional collector, 500 accounts x 17 regions = 8,500 units;
 * at 5 in flight and the 0.94 s per unit the 500 x 17 org-scale run measured that is 27 minutes, at 20 it is 7
 * (docs/DEPLOY.md, "Performance at organisation scale"). 17 AWS collector functions x 20 = 340 concurrent executions at the peak of a schedule,
 * within Lambda's default 1,000 per region.
 */
export const COLLECTOR_MAX_CONCURRENCY = 20;
/** Units per collector invocation (SQS batch size). */
export const COLLECTOR_BATCH_SIZE = 1;
/** Receives of a unit before its queue moves it to the collector's dead-letter queue (an explicit failure). */
export const COLLECTOR_UNIT_MAX_RECEIVES = 3;
export const COLLECTOR_TIMEOUT_MINUTES = 10;
export const COLLECTOR_MEMORY_MB = 1024;
