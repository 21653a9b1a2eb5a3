import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import * as z from 'zod';
import {
  ArtifactTooLargeError,
  ConfigError,
  IntegrityError,
  NotFoundError,
  ValidationError,
} from '../errors.js';
import type { StatementOf } from '../ledger/leaf.js';
import { logDocument, type DocumentInput, type ManualDeps } from './add.js';
import { checkFileSize, fileKey, mediaTypeOf } from './files.js';
import type { Appended } from './log.js';

/** Lifetime of an upload URL: long enough for 100 MiB on a slow link, short enough to be useless later. */
const UPLOAD_URL_SECONDS = 900;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256');
const Day = z.iso.date();

/** What a client declares before uploading: the file's name, exact size and SHA-256. */
export const UploadRequestSchema = z.strictObject({
  fileName: z.string().min(1).max(200),
  size: z.number().int(),
  sha256: Sha256,
});
export type UploadRequest = z.infer<typeof UploadRequestSchema>;

/** What a client sends once the PUT succeeded: the declared file and the document's metadata. */
export const CompleteUploadSchema = UploadRequestSchema.extend({
  requirements: z.array(z.string().min(1)).default([]),
  controls: z.array(z.string().min(1)).default([]),
  title: z.string().min(1),
  owner: z.string().min(1),
  validUntil: Day.optional(),
  periodStart: Day.optional(),
  periodEnd: Day.optional(),
});
export type CompleteUpload = z.infer<typeof CompleteUploadSchema>;

/** An approval through the API: the approver is the caller's IAM identity, never a name in the body. */
export const ApprovalRequestSchema = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{8,64}$/, 'a document id (8 to 64 lowercase hex characters)'),
  note: z.string().min(1).max(2000).optional(),
});

/** A risk acceptance through the API (the same fields as `exception add`). */
export const ExceptionRequestSchema = z.strictObject({
  control: z.string().min(1),
  resource: z.string().min(1).optional(),
  reason: z.string().min(1).max(2000),
  owner: z.string().min(1),
  expires: Day,
});

export interface PresignedUpload {
  readonly url: string;
  readonly key: string;
  readonly expiresAt: string;
  /** Headers the PUT must carry exactly as signed (S3 checks the body against the checksum). */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Presigns a create-only PUT of the declared file to its content-addressed key. The signature covers the length,
 * the content type, the SHA-256 checksum and `If-None-Match: *`, so S3 refuses a body of another size or hash and
 * never overwrites a stored document. The type and size limits are checked before anything is signed.
 */
export async function presignUpload(
  s3: S3Client,
  bucket: string,
  req: UploadRequest,
  now: Date,
): Promise<PresignedUpload> {
  if ((await s3.config.requestChecksumCalculation()) !== 'WHEN_REQUIRED') {
    throw new ConfigError(["presign client: requestChecksumCalculation must be 'WHEN_REQUIRED'"]);
  }
  const { ext, mediaType } = mediaTypeOf(req.fileName);
  checkFileSize(req.fileName, req.size);
  const key = fileKey(req.sha256, ext);
  const checksum = Buffer.from(req.sha256, 'hex').toString('base64');
  const headers = {
    'content-length': String(req.size),
    'content-type': mediaType,
    'if-none-match': '*',
    'x-amz-checksum-sha256': checksum,
    'x-amz-sdk-checksum-algorithm': 'SHA256',
  };
  const url = await getSignedUrl(
    s3,
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      ContentLength: req.size,
      ContentType: mediaType,
      IfNoneMatch: '*',
      ChecksumAlgorithm: 'SHA256',
      ChecksumSHA256: checksum,
    }),
    {
      expiresIn: UPLOAD_URL_SECONDS,
      signableHeaders: new Set(Object.keys(headers)),
      // Kept as signed headers rather than query parameters: the PUT must send the checksum S3 checks the body against.
      unhoistableHeaders: new Set(['x-amz-checksum-sha256', 'x-amz-sdk-checksum-algorithm']),
    },
  );
  return { url, key, expiresAt: new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString(), headers };
}

/**
 * Logs an uploaded document: the stored object is read back and must have the declared size and SHA-256 (the
 * store rehashes it) before its `manual` statement is appended. A missing or different object logs nothing.
 */
export async function completeUpload(
  deps: ManualDeps,
  input: CompleteUpload & { readonly addedBy?: string },
): Promise<Appended<StatementOf<'manual'>>> {
  const { ext } = mediaTypeOf(input.fileName);
  checkFileSize(input.fileName, input.size);
  const key = fileKey(input.sha256, ext);
  const bytes = await deps.blobs.get(key, input.sha256).catch((e: unknown) => {
    // Missing, or hashing to something else: the caller's fault (400). Anything else (throttling) is not.
    if (!(e instanceof NotFoundError || e instanceof IntegrityError || e instanceof ArtifactTooLargeError))
      throw e;
    throw new ValidationError('upload', [`${key}: not uploaded, or not the declared file`], { cause: e });
  });
  if (bytes.length !== input.size)
    throw new ValidationError('upload', [`${key}: ${bytes.length} bytes stored, ${input.size} declared`]);
  const doc: DocumentInput = {
    requirements: input.requirements,
    controls: input.controls,
    title: input.title,
    owner: input.owner,
    ...(input.addedBy ? { addedBy: input.addedBy } : {}),
    ...(input.validUntil ? { validUntil: input.validUntil } : {}),
    ...(input.periodStart ? { periodStart: input.periodStart } : {}),
    ...(input.periodEnd ? { periodEnd: input.periodEnd } : {}),
  };
  return logDocument(deps, doc, { fileName: input.fileName, fileSha256: input.sha256, size: bytes.length });
}
