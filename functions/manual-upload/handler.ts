import type { S3Client } from '@aws-sdk/client-s3';
import { AccessDeniedError } from '../../shared/errors.js';
import { createLogger } from '../../shared/logging/logger.js';
import type { ManualDeps } from '../../shared/manual/add.js';
import {
  CompleteUploadSchema,
  completeUpload,
  presignUpload,
  UploadRequestSchema,
} from '../../shared/manual/upload.js';
import { createMetrics } from '../observability.js';
import { apiHandler, bodyOf, json, parse, principalOf, type ApiEvent } from '../http.js';

const logger = createLogger({ serviceName: 'flux-manual-upload' });
const metrics = createMetrics('flux-manual-upload');

/** What the upload routes need: the manual-evidence dependencies, a presign client and who may not add evidence. */
export interface UploadApiDeps {
  readonly manual: ManualDeps;
  /** S3 client built with requestChecksumCalculation WHEN_REQUIRED (createPresignClient). */
  readonly presign: S3Client;
  readonly bucket: string;
  /** Auditor principals: they read evidence, they never add it. */
  readonly auditors: readonly string[];
}

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

/** POST /manual/uploads: a presigned create-only PUT for a declared file (type, 0 < size <= 100 MiB, SHA-256). */
export function createUploadHandler(deps: () => UploadApiDeps) {
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
export function completeUploadHandler(deps: () => UploadApiDeps) {
  return apiHandler({ logger, metrics }, async (event) => {
    const d = deps();
    const addedBy = uploaderOf(event, d);
    const body = parse('request body', CompleteUploadSchema, bodyOf(event));
    const logged = await completeUpload(d.manual, { ...body, addedBy });
    logger.info('manual evidence logged', { id: logged.id, index: logged.index, key: logged.statement.key });
    return json(201, { id: logged.id, index: logged.index, key: logged.key, statement: logged.statement });
  });
}
