import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { createSnapshot, issueSnapshotUrl, listSnapshots } from '../../shared/access/snapshots.js';
import type { SnapshotServiceDeps } from '../../shared/access/snapshots.js';
import {
  CreateBodySchema,
  ListQuerySchema,
  UrlBodySchema,
  UrlPathSchema,
} from '../../shared/access/requests.js';
import { createLogger } from '../../shared/logging/logger.js';
import { createMetrics } from '../observability.js';
import type { Context } from 'aws-lambda';
import { apiHandler, callerOf, bodyOf, json, parse, type ApiEvent, type ApiResult } from '../http.js';
import { buildSnapshotApiDeps } from './config.js';

const logger = createLogger({ serviceName: 'flux-snapshot-api' });
const metrics = createMetrics('flux-snapshot-api');
type Deps = () => SnapshotServiceDeps;
const COUNT = MetricUnit.Count;

/**
 * POST /snapshots: builds a snapshot of an engagement into S3 (metric SnapshotsCreated): an operator's for any
 * configured engagement, an auditor's for its own.
 */
export function createSnapshotHandler(deps: Deps, m: Metrics = metrics) {
  return apiHandler({ logger, metrics: m }, async (event) => {
    const d = deps();
    const caller = callerOf(event, d);
    const body = parse('request body', CreateBodySchema, bodyOf(event));
    const snapshot = await createSnapshot(caller, body, d);
    m.addMetric('SnapshotsCreated', COUNT, 1);
    logger.info('snapshot created', { key: snapshot.key, artifacts: snapshot.artifacts, by: caller.kind });
    return json(201, { snapshot });
  });
}

/** GET /snapshots?engagement=…: the engagement's snapshots. */
export function listSnapshotsHandler(deps: Deps, m: Metrics = metrics) {
  return apiHandler({ logger, metrics: m }, async (event) => {
    const d = deps();
    const { engagement } = parse('query', ListQuerySchema, event.queryStringParameters ?? {});
    return json(200, { snapshots: await listSnapshots(callerOf(event, d), engagement, d) });
  });
}

/** POST /snapshots/{id}/url: a presigned download URL, recorded as evidence before it is returned (UrlsIssued). */
export function issueUrlHandler(deps: Deps, m: Metrics = metrics) {
  return apiHandler({ logger, metrics: m }, async (event) => {
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

let cached: SnapshotServiceDeps | undefined;
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

/** Lambda entry points: `handler` behind the HTTP API; one per route for other wirings. */
export const handler = routeHandler(fromEnv);
export const create = createSnapshotHandler(fromEnv);
export const list = listSnapshotsHandler(fromEnv);
export const url = issueUrlHandler(fromEnv);
