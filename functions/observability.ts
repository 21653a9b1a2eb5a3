import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';

/** CloudWatch namespace of every Flux Evidence metric. */
export const METRICS_NAMESPACE = 'FluxEvidence';

/** A Powertools Metrics instance in the {@link METRICS_NAMESPACE} namespace with a `service` dimension. */
export function createMetrics(serviceName: string, defaultDimensions?: Record<string, string>): Metrics {
  return new Metrics({
    namespace: METRICS_NAMESPACE,
    serviceName,
    ...(defaultDimensions ? { defaultDimensions } : {}),
  });
}

/** Picks an invocation's correlation id from its event (and context); undefined when the event has none. */
export type CorrelationIdOf<E> = (event: E, context: Context) => string | undefined;

/** The Lambda request id: the correlation id of scheduled invocations, whose payload carries no id of its own. */
const lambdaRequestId: CorrelationIdOf<unknown> = (_event, context) => context?.awsRequestId;

/** The id of an EventBridge event (`id`), when the event has one. */
export const eventBridgeId: CorrelationIdOf<unknown> = (event) => {
  const id = (event as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' && id ? id : undefined;
};

/** middy middleware: sets the logger's `correlation_id` key from the event (Powertools `setCorrelationId`). */
function correlationId<E>(logger: Logger, of: CorrelationIdOf<E>): MiddlewareObj<E> {
  return {
    before: (request) => {
      const id = of(request.event, request.context);
      if (id) logger.setCorrelationId(id);
    },
  };
}

/** What {@link observed} wires around a handler. */
export interface Observability<E> {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Where the correlation id comes from; the Lambda request id by default. */
  readonly correlationId?: CorrelationIdOf<E>;
}

/**
 * Wraps a handler in the Powertools middlewares every function uses: Lambda context and a correlation id on
 * every log line (keys reset after each invocation, so an id never leaks into the next one), and the
 * invocation's metrics flushed as one EMF document on success and on error.
 */
export function observed<E, R>(
  handler: (event: E, context: Context) => Promise<R>,
  o: Observability<E>,
): MiddyfiedHandler<E, R> {
  return middy<E, R>(handler)
    .use(injectLambdaContext(o.logger, { resetKeys: true }))
    .use(correlationId(o.logger, o.correlationId ?? lambdaRequestId))
    .use(logMetrics(o.metrics));
}
