import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { S3CoveragePlans } from '../../shared/ledger/coverage-plan.js';
import * as z from 'zod';
import type { AwsConnection } from '../../shared/sources/aws/clients.js';
import { FluxConfigSchema, type FluxConfig } from '../../shared/config/schema.js';
import { ConfigError, formatIssues } from '../../shared/errors.js';
import { awsEnv, jsonEnv } from '../env.js';

/** The fan-out function's environment (infra/constructs/fanout.ts). */
const FanoutEnvSchema = z.object({
  /** The aws, github and identityProviders blocks of flux.config.json, as JSON. */
  FLUX_CONFIG: jsonEnv,
  /** The evidence bucket: when set, each run's plan is stored under coverage-plan/ (create-only). */
  EVIDENCE_BUCKET: z.string().min(3).optional(),
  ...awsEnv,
});

export interface FanoutDeps {
  readonly config: FluxConfig;
  readonly sqs: SQSClient;
  /** The connection of the function's own account (planning assumes member roles from it). */
  readonly base: AwsConnection;
  readonly region: string;
  readonly now: () => Date;
  /** Where run plans are stored, when the evidence bucket is configured. */
  readonly plans?: Pick<S3CoveragePlans, 'put'>;
}

/** Parses the environment and builds the SQS client once per cold start; throws ConfigError listing every bad key. */
export function buildFanoutDeps(env: Record<string, string | undefined>): FanoutDeps {
  const r = FanoutEnvSchema.safeParse(env);
  if (!r.success) throw new ConfigError(formatIssues(r.error.issues));
  const e = r.data;
  const config = FluxConfigSchema.safeParse(e.FLUX_CONFIG);
  if (!config.success)
    throw new ConfigError(formatIssues(config.error.issues).map((i) => `FLUX_CONFIG: ${i}`));
  const endpoint = e.AWS_ENDPOINT_URL;
  return {
    config: config.data,
    sqs: new SQSClient({ region: e.AWS_REGION, ...(endpoint ? { endpoint } : {}) }),
    base: endpoint ? { endpoint } : {},
    region: e.AWS_REGION,
    now: () => new Date(),
    ...(e.EVIDENCE_BUCKET
      ? {
          plans: new S3CoveragePlans(
            new S3Client({ region: e.AWS_REGION, ...(endpoint ? { endpoint, forcePathStyle: true } : {}) }),
            e.EVIDENCE_BUCKET,
          ),
        }
      : {}),
  };
}
