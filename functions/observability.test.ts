import { describe, expect, it } from '@jest/globals';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { createLogger } from '../shared/logging/logger.js';
import { captureOutput } from '../test/fixtures/idp/capture.js';
import { createMetrics, eventBridgeId, METRICS_NAMESPACE, observed } from './observability.js';
import { emfDocuments, logLines } from './observability-testing.js';

const context = (awsRequestId: string) =>
  ({ functionName: 'flux-test', awsRequestId, invokedFunctionArn: 'arn:aws:lambda:::function:t' }) as Context;

describe('observed', () => {
  it('logs JSON with the correlation id, resets it after the invocation and flushes the metrics as EMF', async () => {
    const logger = createLogger({ serviceName: 'flux-test' });
    const metrics = createMetrics('flux-test');
    const handler = observed(
      async (event: { id?: string }) => {
        logger.info('working', { apiToken: 'not-for-logs', seen: event.id ?? null });
        metrics.addMetric('Things', MetricUnit.Count, 2);
        return 'ok';
      },
      { logger, metrics, correlationId: eventBridgeId },
    );
    const out = captureOutput();
    try {
      await handler({ id: 'evt-1' }, context('req-1'));
      await handler({}, context('req-2'));
    } finally {
      out.restore();
    }

    const logs = logLines(out.text());
    expect(logs.map((l) => [l.message, l.correlation_id, l.function_request_id])).toEqual([
      ['working', 'evt-1', 'req-1'],
      ['working', undefined, 'req-2'],
    ]);
    expect(logs[0]).toMatchObject({ level: 'INFO', service: 'flux-test', apiToken: '[REDACTED]' });
    expect(out.text()).not.toContain('not-for-logs');
    const emf = emfDocuments(out.text());
    expect(emf).toHaveLength(2);
    expect(emf[0]).toMatchObject({ service: 'flux-test', Things: 2 });
    expect(emf[0]!._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      Dimensions: [['service']],
      Metrics: [{ Name: 'Things', Unit: 'Count' }],
    });
  });

  it('uses the Lambda request id as correlation id by default and still flushes metrics on error', async () => {
    const logger = createLogger({ serviceName: 'flux-test' });
    const metrics = createMetrics('flux-test');
    const handler = observed(
      async () => {
        metrics.addMetric('Attempts', MetricUnit.Count, 1);
        logger.warn('about to fail');
        throw new Error('boom');
      },
      { logger, metrics },
    );
    const out = captureOutput();
    try {
      await expect(handler({}, context('req-9'))).rejects.toThrow('boom');
    } finally {
      out.restore();
    }

    expect(logLines(out.text())).toEqual([expect.objectContaining({ correlation_id: 'req-9' })]);
    expect(emfDocuments(out.text())).toEqual([expect.objectContaining({ Attempts: 1 })]);
  });
});
