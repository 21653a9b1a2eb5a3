import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { getCollector } from '../../shared/collectors/registry.js';
import { FluxConfigSchema } from '../../shared/config/schema.js';
import { ValidationError, formatIssues } from '../../shared/errors.js';
import { createLogger } from '../../shared/logging/logger.js';
import { enqueueUnits } from './enqueue.js';
import { planCollectorUnits } from './plan.js';

const logger = createLogger({ serviceName: 'flux-fanout' });
/** What a schedule sends (infra/constructs/collector-worker.ts). */
const ScheduleInputSchema = z.strictObject({ collector: z.string().min(1), queueUrl: z.url() });
const config = () => FluxConfigSchema.parse(JSON.parse(process.env.FLUX_CONFIG ?? '{}'));
const region = process.env.AWS_REGION ?? 'us-east-1';
const endpoint = process.env.AWS_ENDPOINT_URL;
const sqs = new SQSClient({ region, ...(endpoint ? { endpoint } : {}) });

/** Lambda entry point: one collector's schedule → its units on its FIFO queue. */
export const handler = middy(async (event: unknown) => {
  const input = ScheduleInputSchema.safeParse(event);
  if (!input.success) throw new ValidationError('schedule input', formatIssues(input.error.issues));
  const collector = getCollector(input.data.collector);
  if (!collector)
    throw new ValidationError('schedule input', [`collector: unknown id ${input.data.collector}`]);
  const units = await planCollectorUnits(
    collector,
    config(),
    endpoint ? { endpoint } : {},
    region,
    new Date().toISOString(),
  );
  const { sent } = await enqueueUnits(sqs, input.data.queueUrl, units);
  logger.info('units enqueued', { collector: collector.meta.id, units: units.length, sent });
  return { sent };
}).use(injectLambdaContext(logger));
