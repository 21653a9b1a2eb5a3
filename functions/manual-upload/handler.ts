import type { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { AccessDeniedError } from '../../shared/errors.js';
import { createLogger } from '../../shared/logging/logger.js';
import { addException, approveEvidence, type ManualDeps } from '../../shared/manual/add.js';
import {
  ApprovalRequestSchema,
  CompleteUploadSchema,
  completeUpload,
  ExceptionRequestSchema,
  presignUpload,
  UploadRequestSchema,
} from '../../shared/manual/upload.js';
import { createMetrics } from '../observability.js';
import { apiHandler, bodyOf, json, parse, principalOf, type ApiEvent, type ApiResult } from '../http.js';
import { buildUploadApiDeps } from './config.js';

const logger = createLogger({ serviceName: 'flux-manual-upload' });
const metrics = createMetrics('flux-manual-upload');

/** What the upload routes need: the manual-evidence dependencies, a presign client and who may not add evidence. */
export interface UploadApiDeps {
  /** In a deployment `manual.appender` is the sequencer's append queue: the API never writes log items. */
  readonly manual: ManualDeps;
  /** S3 client built with requestChecksumCalculation WHEN_REQUIRED (createPresignClient). */
  readonly presign: S3Client;
  readonly bucket: string;
  /** Auditor principals: they read evidence, they never add it. */
  readonly auditors: readonly string[];
}
type Deps = () => UploadApiDeps;

/** The caller, refused when it is an auditor's principal (segregation: the audited add, the auditors read). */
function uploaderOf(event: ApiEvent, deps: UploadApiDeps): string {
  const principal = principalOf(event);
  const role = principal.replace(
    /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.*$/,
    'arn:$1:iam::$2:role/$3',
  );
  if (deps.auditors.includes(principal) || deps.auditors.includes(role))
    throw new AccessDeniedError('auditor-cannot-add-evidence', 'auditors cannot add evidence');
  return principal;
}

/** `index` when the statement was appended at once; `queued` when the sequencer appends it on its next run. */
const handedOver = (index: number | undefined) => (index === undefined ? { queued: true } : { index });

/** POST /manual/uploads: a presigned create-only PUT for a declared file (type, 0 < size <= 100 MiB, SHA-256). */
export function createUploadHandler(deps: Deps) {
  return apiHandler({ logger, metrics }, async (event) => {
    const d = deps();
    uploaderOf(event, d);
    const req = parse('request body', UploadRequestSchema, bodyOf(event));
    const upload = await presignUpload(d.presign, d.bucket, req, d.manual.clock());
    logger.info('upload presigned', { key: upload.key, size: req.size });
    return json(201, upload);
  });
}

/** POST /manual/evidence: checks the uploaded object's size and SHA-256, then logs its `manual` statement. */
export function completeUploadHandler(deps: Deps) {
  return apiHandler({ logger, metrics }, async (event) => {
    const d = deps();
    const addedBy = uploaderOf(event, d);
    const body = parse('request body', CompleteUploadSchema, bodyOf(event));
    const logged = await completeUpload(d.manual, { ...body, addedBy });
    logger.info('manual evidence handed to the log', { id: logged.id, key: logged.key });
    return json(201, {
      id: logged.id,
      key: logged.key,
      statement: logged.statement,
      ...handedOver(logged.index),
    });
  });
}

/** POST /manual/approvals: the caller approves a logged document (not one they added themselves). */
export function approveHandler(deps: Deps) {
  return apiHandler({ logger, metrics }, async (event) => {
    const d = deps();
    const by = uploaderOf(event, d);
    const body = parse('request body', ApprovalRequestSchema, bodyOf(event));
    const logged = await approveEvidence(d.manual, {
      id: body.id,
      by,
      ...(body.note ? { note: body.note } : {}),
    });
    logger.info('approval handed to the log', { id: logged.id, evidence: logged.statement.evidence });
    return json(201, {
      id: logged.id,
      key: logged.key,
      statement: logged.statement,
      ...handedOver(logged.index),
    });
  });
}

/** POST /manual/exceptions: a risk acceptance for a control until a future date. */
export function exceptionHandler(deps: Deps) {
  return apiHandler({ logger, metrics }, async (event) => {
    const d = deps();
    const by = uploaderOf(event, d);
    const body = parse('request body', ExceptionRequestSchema, bodyOf(event));
    const logged = await addException(d.manual, body);
    logger.info('exception handed to the log', { id: logged.id, control: body.control, by });
    return json(201, {
      id: logged.id,
      key: logged.key,
      statement: logged.statement,
      ...handedOver(logged.index),
    });
  });
}

/** The HTTP API's route keys (infra/constructs/manual-upload.ts declares the same routes). */
export const MANUAL_ROUTES = [
  'POST /manual/uploads',
  'POST /manual/evidence',
  'POST /manual/approvals',
  'POST /manual/exceptions',
] as const;
type RouteHandler = (event: ApiEvent, context: Context) => Promise<ApiResult>;

/** One function behind the manual routes: dispatches on the HTTP API's `routeKey`; any other route is a 404. */
export function routeHandler(deps: Deps): RouteHandler {
  const routes: Record<(typeof MANUAL_ROUTES)[number], RouteHandler> = {
    'POST /manual/uploads': createUploadHandler(deps),
    'POST /manual/evidence': completeUploadHandler(deps),
    'POST /manual/approvals': approveHandler(deps),
    'POST /manual/exceptions': exceptionHandler(deps),
  };
  return async (event, context) => {
    const route = routes[event.routeKey as keyof typeof routes] as RouteHandler | undefined;
    if (!route) return json(404, { error: { code: 'NOT_FOUND', message: 'no such route', issues: [] } });
    return route(event, context);
  };
}

let cached: UploadApiDeps | undefined;

/** Lambda entry point behind the HTTP API's manual routes (IAM authorization). */
export const handler = routeHandler(() => (cached ??= buildUploadApiDeps(process.env)));
