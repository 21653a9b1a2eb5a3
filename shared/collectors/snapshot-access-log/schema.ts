import * as z from 'zod';

const instant = z.iso.datetime({ offset: true });
const engagement = z.string().regex(/^[a-z0-9-]{3,64}$/);
const snapshotKey = z.string().regex(/^snapshots\/[a-z0-9-]{3,64}\/.+\.zip$/);

/** One presigned download URL handed to an auditor (the URL itself is never kept: it is a bearer secret). */
const IssuanceSchema = z.strictObject({
  snapshotKey,
  principal: z.string().min(1),
  engagement,
  issuedAt: instant,
  expiresAt: instant,
  /** Lifetime signed and lifetime asked for, in seconds; `cappedBy` says why they differ. */
  expiresIn: z.number().int().positive(),
  requestedExpiresIn: z.number().int().positive(),
  cappedBy: z.array(z.enum(['credentials', 'engagement'])).optional(),
  /** First 16 hex of SHA-256 over the URL's signature: matches `downloads[].urlId`. */
  urlId: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .optional(),
});
export type Issuance = z.infer<typeof IssuanceSchema>;

/** A GET of a snapshot object, from an S3 server access log record. */
const DownloadSchema = z.strictObject({
  snapshotKey,
  engagement,
  time: instant,
  requester: z.string().optional(),
  remoteIp: z.string().optional(),
  requestId: z.string().min(1),
  httpStatus: z.number().int().optional(),
  bytesSent: z.number().int().nonnegative().optional(),
  objectSize: z.number().int().nonnegative().optional(),
  complete: z.boolean(),
  authenticationType: z.string().optional(),
  urlId: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .optional(),
});

export const schema = z.strictObject({
  issuances: z.array(IssuanceSchema),
  downloads: z.array(DownloadSchema),
  /** The access-log objects read for `downloads` (null when this artifact records issuances only). */
  accessLogs: z
    .strictObject({
      bucket: z.string().min(3),
      prefix: z.string(),
      objects: z.number().int().nonnegative(),
      lastKey: z.string().optional(),
    })
    .nullable(),
});
export type SnapshotAccessLogData = z.infer<typeof schema>;
