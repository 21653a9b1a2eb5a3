import * as z from 'zod';
import { ConfigError, ValidationError, formatIssues } from '../errors.js';
import { FluxConfigSchema, type FluxConfig } from './schema.js';

/** The stacks' names (infra/build.ts STACK_NAMES; repeated here so the CLI does not load the CDK app). */
const STATEFUL = 'FluxEvidence-Stateful';
const STATELESS = 'FluxEvidence-Stateless';
const arn = z.string().startsWith('arn:');

/** What `cdk deploy --outputs-file` writes for the two stacks (only the outputs the CLI uses). */
const CdkOutputsSchema = z.object({
  [STATEFUL]: z.object({
    EvidenceBucketName: z.string().min(3),
    LedgerTableName: z.string().min(3),
    EvidenceKeyArn: arn.optional(),
    SigningKeyArn: arn.regex(/^arn:[\w-]+:kms:[a-z0-9-]+:\d{12}:key\//, 'must be a KMS key ARN'),
  }),
  [STATELESS]: z
    .object({
      SnapshotApiId: z.string().optional(),
      SnapshotApiUrl: z.url().optional(),
      AppendQueueUrl: z.url().optional(),
    })
    .optional(),
});

export type Deployment = NonNullable<FluxConfig['deployment']>;

/** The configuration's `deployment` block from the stacks' outputs; ValidationError lists every missing output. */
export function deploymentFromOutputs(outputs: unknown): Deployment {
  const r = CdkOutputsSchema.safeParse(outputs);
  if (!r.success) throw new ValidationError('CDK outputs file', formatIssues(r.error.issues));
  const s = r.data[STATEFUL];
  const l = r.data[STATELESS];
  return {
    region: s.SigningKeyArn.split(':')[3]!,
    evidenceBucket: s.EvidenceBucketName,
    ledgerTable: s.LedgerTableName,
    ...(s.EvidenceKeyArn ? { evidenceKeyArn: s.EvidenceKeyArn } : {}),
    signingKeyArn: s.SigningKeyArn,
    ...(l?.SnapshotApiId ? { snapshotApiId: l.SnapshotApiId } : {}),
    ...(l?.SnapshotApiUrl ? { snapshotApiUrl: l.SnapshotApiUrl } : {}),
    ...(l?.AppendQueueUrl ? { appendQueueUrl: l.AppendQueueUrl } : {}),
  };
}

/**
 * The configuration text with its `deployment` block replaced, every other key kept as written. The result is
 * validated as a whole before it is returned (ConfigError lists every bad key), so a bad import writes nothing.
 */
export function withDeployment(configText: string, deployment: Deployment): string {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(configText) as Record<string, unknown>;
  } catch {
    throw new ConfigError(['(root): not valid JSON']);
  }
  const next = { ...raw, deployment };
  const r = FluxConfigSchema.safeParse(next);
  if (!r.success) throw new ConfigError(formatIssues(r.error.issues));
  return `${JSON.stringify(next, null, 2)}\n`;
}
