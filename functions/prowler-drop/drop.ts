import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { formatIssues, ValidationError } from '../../shared/errors.js';
import {
  ingestProwler,
  PROWLER_DROP_PREFIX,
  type IngestProwlerDeps,
} from '../../shared/ingest/ingest-prowler.js';

/** The part of an EventBridge "Object Created" event from S3 that the function reads. */
const ObjectCreatedSchema = z.object({
  'detail-type': z.literal('Object Created'),
  detail: z.object({
    bucket: z.object({ name: z.string().min(3) }),
    object: z.object({
      key: z.string().startsWith(PROWLER_DROP_PREFIX, `must be under ${PROWLER_DROP_PREFIX}`),
      size: z.number().int().nonnegative().optional(),
    }),
  }),
});

export interface DropDeps extends Omit<IngestProwlerDeps, 'accounts'> {
  readonly s3: S3Client;
  /** The configuration's AWS accounts, resolved once per cold start. */
  readonly accounts: () => Promise<readonly string[]>;
}

/** What became of one dropped file. The file itself is left as it is in the drop bucket, in both cases. */
export type DropResult =
  | {
      readonly outcome: 'stored' | 'unchanged';
      readonly source: string;
      readonly sha256: string;
      readonly key: string;
    }
  | { readonly outcome: 'refused'; readonly source: string; readonly problems: readonly string[] };

/**
 * Ingests one dropped Prowler OCSF file exactly as `flux-evidence ingest prowler` does (shared/ingest: streamed,
 * validated whole, one artifact per scan and account, stored create-only and appended through the append queue).
 * A file the ingest refuses (truncated, not Prowler OCSF, an account outside the configuration, too old) is
 * `refused` with every reason and nothing is stored; it is not retried. Anything else (S3 or the queue
 * unreachable) throws, so Lambda retries the event and then dead-letters it.
 */
export async function ingestDroppedFile(event: unknown, deps: DropDeps): Promise<DropResult> {
  const parsed = ObjectCreatedSchema.safeParse(event);
  if (!parsed.success)
    throw new ValidationError('S3 Object Created event', formatIssues(parsed.error.issues));
  const { bucket, object } = parsed.data.detail;
  // EventBridge writes keys as S3 notifications do: URL-encoded, spaces as "+".
  const key = decodeURIComponent(object.key.replace(/\+/g, ' '));
  const source = `s3://${bucket.name}/${key}`;
  const got = await deps.s3.send(new GetObjectCommand({ Bucket: bucket.name, Key: key }));
  const body = got.Body as AsyncIterable<Buffer> | undefined;
  if (!body) throw new ValidationError(source, ['the object has no body']);
  try {
    const r = await ingestProwler(body, { ...deps, accounts: await deps.accounts() }, source);
    return { outcome: r.outcome === 'stored' ? 'stored' : 'unchanged', source, sha256: r.sha256, key: r.key };
  } catch (e) {
    if (e instanceof ValidationError) return { outcome: 'refused', source, problems: e.issues };
    throw e;
  }
}
