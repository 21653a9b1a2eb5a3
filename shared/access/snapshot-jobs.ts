import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { ValidationError, isAwsError } from '../errors.js';
import { CreateBodySchema, parseWith } from './requests.js';
import {
  SNAPSHOT_ID,
  createSnapshot,
  newSnapshotId,
  prepareSnapshot,
  snapshotInfoOf,
  type Caller,
  type SnapshotAskBody,
  type SnapshotInfo,
  type SnapshotServiceDeps,
} from './snapshots.js';

/**
 * A snapshot build the API accepted and handed to a worker: the API answers within API Gateway's 30-second
 * integration limit, the build runs in its own invocation (up to the function's 15 minutes).
 */
const BuildJobSchema = z.strictObject({
  job: z.literal('flux.snapshot-build/v1'),
  caller: z.strictObject({ kind: z.enum(['auditor', 'operator']), principal: z.string().min(1) }),
  ask: CreateBodySchema,
  id: z.string().regex(SNAPSHOT_ID),
});
type BuildJob = z.infer<typeof BuildJobSchema>;

/** Where accepted builds go (an SQS queue the snapshot function consumes, one message per build). */
export interface BuildQueue {
  send(job: BuildJob): Promise<void>;
}

/** The snapshot service with an optional build queue: with one, POST /snapshots answers 202 and queues the build. */
export type SnapshotApiDeps = SnapshotServiceDeps & { readonly buildQueue?: BuildQueue };

/** A BuildQueue on SQS. */
export function sqsBuildQueue(client: SQSClient, queueUrl: string): BuildQueue {
  return {
    async send(job) {
      await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(job) }));
    },
  };
}

/**
 * Checks a build request as createSnapshot does (access, request, artifact ceiling: every refusal before anything is
 * written or queued), then queues it under a new id. The answer names the key the snapshot will have.
 */
export async function startSnapshot(
  caller: Caller,
  ask: SnapshotAskBody,
  deps: SnapshotServiceDeps,
  queue: BuildQueue,
): Promise<Omit<SnapshotInfo, 'size' | 'lastModified'> & { artifacts: number; status: 'building' }> {
  const { cited } = await prepareSnapshot(caller, ask, deps);
  const id = newSnapshotId(deps.now());
  await queue.send(
    BuildJobSchema.parse({
      job: 'flux.snapshot-build/v1',
      caller: { kind: caller.kind, principal: caller.principal },
      ask,
      id,
    }),
  );
  return { ...snapshotInfoOf(ask, id), artifacts: cited, status: 'building' };
}

/**
 * Runs one queued build: the job is parsed again (a malformed message is a ValidationError), access is checked
 * again at build time, and a snapshot already stored under the job's key (a redelivered message) is not rebuilt.
 */
export async function runBuildJob(
  body: string,
  deps: SnapshotServiceDeps,
): Promise<{ key: string; built: boolean; artifacts?: number }> {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new ValidationError('snapshot build job', ['(root): not valid JSON']);
  }
  const job = parseWith('snapshot build job', BuildJobSchema, raw);
  const { key } = snapshotInfoOf(job.ask, job.id);
  try {
    await deps.s3.send(new HeadObjectCommand({ Bucket: deps.bucket, Key: key }));
    return { key, built: false };
  } catch (e) {
    if (!isAwsError(e, ['NotFound', 'NoSuchKey'], [404])) throw e;
  }
  const out = await createSnapshot(job.caller, job.ask, deps, job.id);
  return { key: out.key, built: true, artifacts: out.artifacts };
}
