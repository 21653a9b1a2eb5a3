import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Collector } from '../../shared/collectors/types.js';
import { createLogger } from '../../shared/logging/logger.js';
import { buildCollectorDeps, type CollectorDeps } from './deps.js';
import { processBatch } from './process.js';
import type { SourceBuilder } from './sources/types.js';

const logger = createLogger({ serviceName: 'flux-collector' });

/**
 * The Lambda handler of one collector's function: an SQS batch of collection units → evidence, ledger entries,
 * EvidenceStored events. Each collector has its own generated entry (functions/collector/entries/<id>.ts) that
 * calls this with its collector and source, so the bundle holds that collector only. Clients are built from
 * `env` on the first invocation and reused.
 */
export function createCollectorHandler(
  collector: Collector,
  source: SourceBuilder,
  env: Record<string, string | undefined> = process.env,
) {
  let cached: CollectorDeps | undefined;
  const deps = () => (cached ??= buildCollectorDeps(env, collector, source));
  return middy(async (event: SQSEvent): Promise<SQSBatchResponse> =>
    processBatch(event.Records, deps(), (record, error) =>
      logger.error('collection unit failed', { messageId: record.messageId, error: error as Error }),
    ),
  ).use(injectLambdaContext(logger));
}
