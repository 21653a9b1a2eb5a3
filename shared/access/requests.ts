import * as z from 'zod';
import { ValidationError, formatIssues } from '../errors.js';
import { FRAMEWORK_IDS } from '../../frameworks/schema.js';
import { MAX_URL_EXPIRY_SECONDS } from './presign.js';
import { SNAPSHOT_ID } from './snapshots.js';
import { AUDITOR_NONCE, MAX_WINDOW_DAYS } from '../snapshot/request.js';

const DAY = 86_400_000;
/** Engagement ids as in the configuration: kebab-case, so never a path. */
const EngagementSchema = z.string().regex(/^[a-z0-9-]{3,64}$/, 'must be a kebab-case engagement id');
const ControlId = z.string().regex(/^[A-Z]{2,8}-\d{2,3}$/, 'must be a common control id such as IAM-01');
const date = z.iso.date({ message: 'must be a date (YYYY-MM-DD)' });

/** POST /snapshots body. */
export const CreateBodySchema = z.strictObject({
  engagement: EngagementSchema,
  framework: z.enum(FRAMEWORK_IDS, { message: `unknown framework (known: ${FRAMEWORK_IDS.join(', ')})` }),
  window: z
    .strictObject({ start: date, end: date, timeZone: z.string().min(1).max(64).optional() })
    .refine((w) => w.end >= w.start, { message: 'window.end is before window.start', path: ['end'] })
    .refine((w) => (Date.parse(w.end) - Date.parse(w.start)) / DAY + 1 <= MAX_WINDOW_DAYS, {
      message: `window is longer than ${MAX_WINDOW_DAYS} days`,
    }),
  controls: z.array(ControlId).min(1).max(200).optional(),
  /** A tree size the auditor kept: the snapshot carries the consistency proof from it (verify --since). */
  sinceTreeSize: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  /** The auditor's nonce, given after the closing checkpoint was signed: it joins the sampling seed. */
  auditorNonce: z.string().regex(AUDITOR_NONCE, '16 to 128 characters from A-Z a-z 0-9 . _ -').optional(),
});

/** GET /snapshots query. */
export const ListQuerySchema = z.strictObject({ engagement: EngagementSchema });

/** POST /snapshots/{id}/url path and body. */
export const UrlPathSchema = z.strictObject({
  id: z.string().regex(SNAPSHOT_ID, 'must be a snapshot id such as 20260201T000000Z-1a2b3c4d'),
});
export const UrlBodySchema = z.strictObject({
  engagement: EngagementSchema,
  expiresIn: z
    .number()
    .int()
    .min(1)
    .max(MAX_URL_EXPIRY_SECONDS, `must be at most ${MAX_URL_EXPIRY_SECONDS} seconds (7 days)`)
    .optional(),
});

/** Parses `value` with `schema`; throws ValidationError listing every issue. */
export function parseWith<S extends z.ZodType>(what: string, schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new ValidationError(what, formatIssues(r.error.issues));
  return r.data;
}
