import { GetObjectCommand, PutObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { formatIssues, isAwsError, ValidationError } from '../errors.js';

/**
 * A schedule run's plan: the units the fan-out enqueued, stored create-only under `coverage-plan/<day>/<runId>.json` in
 * the evidence bucket. The evidence-gap check later closes the run with a coverage statement (shared/ledger/coverage.ts)
 * saying, for each planned unit, whether it completed.
 */
const COVERAGE_PLAN_PREFIX = 'coverage-plan';

const CoveragePlanSchema = z.strictObject({
  runId: z.string().regex(/^[A-Za-z0-9:._-]{1,200}$/),
  plannedAt: z.iso.datetime(),
  units: z.array(z.strictObject({ collector: z.string().min(1), scope: z.string().min(1) })),
});
export type CoveragePlan = z.infer<typeof CoveragePlanSchema>;

/** The run id of one schedule run of a collector: `schedule:<collector>:<requestedAt>`. */
export const scheduleRunId = (collector: string, requestedAt: string): string =>
  `schedule:${collector}:${requestedAt}`;

/** `coverage-plan/<yyyy-mm-dd>/<runId>.json`: by day, so the closing step lists only recent plans. */
const coveragePlanKey = (plan: Pick<CoveragePlan, 'runId' | 'plannedAt'>): string =>
  `${COVERAGE_PLAN_PREFIX}/${plan.plannedAt.slice(0, 10)}/${plan.runId}.json`;

/** Plans in the evidence bucket: created once (If-None-Match), listed and read by the closing step. */
export class S3CoveragePlans {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  /** Stores the plan create-only; a retried fan-out of the same run leaves the first plan in place. */
  async put(plan: CoveragePlan): Promise<{ created: boolean }> {
    const parsed = CoveragePlanSchema.safeParse(plan);
    if (!parsed.success) throw new ValidationError('coverage plan', formatIssues(parsed.error.issues));
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: coveragePlanKey(parsed.data),
          Body: JSON.stringify(parsed.data),
          ContentType: 'application/json',
          IfNoneMatch: '*',
        }),
      );
      return { created: true };
    } catch (error) {
      if (!isAwsError(error, ['PreconditionFailed', 'ConditionalRequestConflict'], [412, 409])) throw error;
      return { created: false };
    }
  }

  /** Keys of the plans made on the given days (`yyyy-mm-dd`). */
  async *list(days: readonly string[]): AsyncIterable<string> {
    for (const day of days) {
      for await (const page of paginateListObjectsV2(
        { client: this.s3 },
        { Bucket: this.bucket, Prefix: `${COVERAGE_PLAN_PREFIX}/${day}/` },
      )) {
        for (const o of page.Contents ?? []) if (o.Key?.endsWith('.json')) yield o.Key;
      }
    }
  }

  /** Reads and validates one plan; a malformed plan is a ValidationError naming its key. */
  async get(key: string): Promise<CoveragePlan> {
    const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const text = (await res.Body?.transformToString()) ?? '';
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ValidationError(`coverage plan ${key}`, ['body: not JSON']);
    }
    const parsed = CoveragePlanSchema.safeParse(json);
    if (!parsed.success) throw new ValidationError(`coverage plan ${key}`, formatIssues(parsed.error.issues));
    return parsed.data;
  }
}
