import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import {
  createSnapshot,
  issueSnapshotUrl,
  listSnapshots,
  type SnapshotServiceDeps,
} from '../../shared/access/snapshots.js';
import { createLogger } from '../../shared/logging/logger.js';
import { buildSnapshotApiDeps } from './config.js';
import { bodyOf, httpErrors, json, parse, principalOf, type ApiEvent, type ApiResult } from './http.js';
import {
  CreateBodySchema,
  ListQuerySchema,
  UrlBodySchema,
  UrlPathSchema,
} from '../../shared/access/requests.js';

const logger = createLogger({ serviceName: 'flux-snapshot-api' });
type Deps = () => SnapshotServiceDeps;
const wrap = (fn: (e: ApiEvent) => Promise<ApiResult>) =>
  middy<ApiEvent, ApiResult>(fn)
    .use(injectLambdaContext(logger))
    .use(httpErrors((err) => logger.error('request failed', err as Error)));

/** POST /snapshots: builds a snapshot of the caller's engagement into S3. */
export function createSnapshotHandler(deps: Deps) {
  return wrap(async (event) => {
    const principal = principalOf(event);
    const body = parse('request body', CreateBodySchema, bodyOf(event));
    const snapshot = await createSnapshot({ kind: 'auditor', principal }, body, deps());
    logger.info('snapshot created', { key: snapshot.key, artifacts: snapshot.artifacts });
    return json(201, { snapshot });
  });
}

/** GET /snapshots?engagement=…: the engagement's snapshots. */
export function listSnapshotsHandler(deps: Deps) {
  return wrap(async (event) => {
    const principal = principalOf(event);
    const { engagement } = parse('query', ListQuerySchema, event.queryStringParameters ?? {});
    return json(200, { snapshots: await listSnapshots({ kind: 'auditor', principal }, engagement, deps()) });
  });
}

/** POST /snapshots/{id}/url: a presigned download URL, recorded as evidence before it is returned. */
export function issueUrlHandler(deps: Deps) {
  return wrap(async (event) => {
    const principal = principalOf(event);
    const { id } = parse('path', UrlPathSchema, event.pathParameters ?? {});
    const body = parse('request body', UrlBodySchema, bodyOf(event));
    const issued = await issueSnapshotUrl({ kind: 'auditor', principal }, { ...body, id }, deps());
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

/** Lambda entry points (one function per route, or one function with all three behind the HTTP API). */
export const create = createSnapshotHandler(fromEnv);
export const list = listSnapshotsHandler(fromEnv);
export const url = issueUrlHandler(fromEnv);
