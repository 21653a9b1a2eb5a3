import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { createSnapshot, issueSnapshotUrl, listSnapshots } from '../../shared/access/snapshots.js';
import { runBuildJob, startSnapshot, type SnapshotApiDeps } from '../../shared/access/snapshot-jobs.js';
import {
  CreateBodySchema,
  ListQuerySchema,
  UrlBodySchema,
  UrlPathSchema,
} from '../../shared/access/requests.js';
import { createLogger } from '../../shared/logging/logger.js';
import { createMetrics, observed } from '../observability.js';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import {
  apiHandler,
  bodyOf,
  callerOf,
  json,
  parse,
  principalOf,
  type ApiEvent,
  type ApiResult,
} from '../http.js';
import { buildSnapshotApiDeps } from './config.js';

const logger = createLogger({ serviceName: 'flux-snapshot-api' });
const metrics = createMetrics('flux-snapshot-api');
type Deps = () => SnapshotApiDeps;
const COUNT = MetricUnit.Count;

/**
 * POST /snapshots: an operator's snapshot of any configured engagement, an auditor's of its own. With a build queue
 * (the deployed API) every refusal is answered at once and the build is queued: 202 with the snapshot's id and key
 * (BuildsQueued); it appears in GET /snapshots when built. Without one, it is built in the request: 201
 * (SnapshotsCreated).
 */
export function createSnapshotHandler(deps: Deps, m: Metrics = metrics) {
  return apiHandler({ logger, metrics: m }, async (event) => {
    principalOf(event); // a request without an IAM principal is refused before the service is built
    const d = deps();
    const caller = callerOf(event, d);
    const body = parse('request body', CreateBodySchema, bodyOf(event));
    if (d.buildQueue) {
      const snapshot = await startSnapshot(caller, body, d, d.buildQueue);
      m.addMetric('BuildsQueued', COUNT, 1);
      logger.info('snapshot build queued', {
        key: snapshot.key,
        artifacts: snapshot.artifacts,
        by: caller.kind,
      });
      return json(202, { snapshot });
    }
    const snapshot = await createSnapshot(caller, body, d);
    m.addMetric('SnapshotsCreated', COUNT, 1);
    logger.info('snapshot created', { key: snapshot.key, artifacts: snapshot.artifacts, by: caller.kind });
    return json(201, { snapshot });
  });
}

/**
 * The build queue's consumer: one queued build per message (batch size 1). A failed build is reported as a batch
 * item failure, so SQS redelivers it and, after the last attempt, moves it to the dead-letter queue (alarmed).
 */
export function buildJobsHandler(deps: Deps, m: Metrics = metrics) {
  return observed<SQSEvent, SQSBatchResponse>(
    async (event) => {
      const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
      for (const r of event.Records) {
        try {
          const out = await runBuildJob(r.body, deps());
          if (out.built) m.addMetric('SnapshotsCreated', COUNT, 1);
          logger.info(out.built ? 'snapshot created' : 'snapshot already built', { ...out });
        } catch (err) {
          logger.error('snapshot build failed', err as Error);
          batchItemFailures.push({ itemIdentifier: r.messageId });
        }
      }
      return { batchItemFailures };
    },
    { logger, metrics: m, correlationId: (e) => e.Records?.[0]?.messageId },
  );
}

/** GET /snapshots?engagement=…: the engagement's snapshots. */
export function listSnapshotsHandler(deps: Deps, m: Metrics = metrics) {
  return apiHandler({ logger, metrics: m }, async (event) => {
    principalOf(event);
    const d = deps();
    const { engagement } = parse('query', ListQuerySchema, event.queryStringParameters ?? {});
    return json(200, { snapshots: await listSnapshots(callerOf(event, d), engagement, d) });
  });
}

/** POST /snapshots/{id}/url: a presigned download URL, recorded as evidence before it is returned (UrlsIssued). */
export function issueUrlHandler(deps: Deps, m: Metrics = metrics) {
  return apiHandler({ logger, metrics: m }, async (event) => {
    principalOf(event);
    const d = deps();
    const { id } = parse('path', UrlPathSchema, event.pathParameters ?? {});
    const body = parse('request body', UrlBodySchema, bodyOf(event));
    const issued = await issueSnapshotUrl(callerOf(event, d), { ...body, id }, d);
    m.addMetric('UrlsIssued', COUNT, 1);
    logger.info('snapshot URL issued', {
      key: issued.snapshotKey,
      expiresAt: issued.expiresAt,
      evidence: issued.evidence.sha256,
    });
    return json(200, issued);
  });
}

let cached: SnapshotApiDeps | undefined;
const fromEnv: Deps = () => (cached ??= buildSnapshotApiDeps(process.env));

/** The HTTP API's route keys (infra/constructs/snapshot-api.ts declares the same routes). */
type RouteKey = 'POST /snapshots' | 'GET /snapshots' | 'POST /snapshots/{id}/url';
type RouteHandler = (event: ApiEvent, context: Context) => Promise<ApiResult>;

/** One function behind every route: dispatches on the HTTP API's `routeKey`; any other route is a 404. */
export function routeHandler(deps: Deps, m: Metrics = metrics): RouteHandler {
  const routes: Record<RouteKey, RouteHandler> = {
    'POST /snapshots': createSnapshotHandler(deps, m),
    'GET /snapshots': listSnapshotsHandler(deps, m),
    'POST /snapshots/{id}/url': issueUrlHandler(deps, m),
  };
  return async (event, context) => {
    const route = routes[event.routeKey as keyof typeof routes] as RouteHandler | undefined;
    if (!route) return json(404, { error: { code: 'NOT_FOUND', message: 'no such route', issues: [] } });
    return route(event, context);
  };
}

/** Lambda entry points: `handler` behind the HTTP API and on the build queue; one per route for other wirings. */
const routes = routeHandler(fromEnv);
const builds = buildJobsHandler(fromEnv);
export const handler = (
  event: ApiEvent | SQSEvent,
  context: Context,
): Promise<ApiResult | SQSBatchResponse> =>
  'Records' in event ? builds(event, context) : routes(event, context);
export const create = createSnapshotHandler(fromEnv);
export const list = listSnapshotsHandler(fromEnv);
export const url = issueUrlHandler(fromEnv);
