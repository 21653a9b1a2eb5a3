import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createLogger } from '../../shared/logging/logger.js';
import { buildCollectorDeps, type CollectorDeps } from './deps.js';
import { processBatch } from './process.js';

const logger = createLogger({ serviceName: 'flux-collector' });

let cached: CollectorDeps | undefined;
const deps = () => (cached ??= buildCollectorDeps(process.env));

/** Lambda entry point: an SQS batch of collection units → evidence, ledger entries, EvidenceStored events. */
export const handler = middy(async (event: SQSEvent): Promise<SQSBatchResponse> =>
  processBatch(event.Records, deps(), (record, error) =>
    logger.error('collection unit failed', { messageId: record.messageId, error: error as Error }),
  ),
).use(injectLambdaContext(logger));
