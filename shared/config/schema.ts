import * as z from 'zod';
import { DEFAULT_THRESHOLDS } from '../rules/types.js';

const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1');
const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
const secretName = z.string().min(1).max(512).describe('AWS Secrets Manager secret name or ARN');
const isoDate = z.iso.date({ message: 'must be a date (YYYY-MM-DD)' });

/** Which AWS accounts and regions to collect from. */
const AwsScopeSchema = z.strictObject({
  accounts: z
    .union([
      z.strictObject({ mode: z.literal('list'), ids: z.array(accountId).min(1) }),
      z.strictObject({ mode: z.literal('organization'), exclude: z.array(accountId).default([]) }),
      z.strictObject({ mode: z.literal('current') }),
    ])
    .default({ mode: 'current' })
    .describe(
      'Accounts: an explicit list, every active account of the AWS Organization, or the current account',
    ),
  regions: z.union([z.array(region).min(1), z.literal('all-enabled')]).default('all-enabled'),
  memberRoleName: z
    .string()
    .regex(/^[\w+=,.@-]{1,64}$/)
    .default('FluxEvidenceReadOnly'),
  /** ExternalId the member-account role requires (its trust policy's sts:ExternalId condition). */
  externalId: z
    .string()
    .regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2-1224 characters of [A-Za-z0-9+=,.@:/_-]')
    .optional(),
  /** Collection units (collector × account × region) in flight at once. */
  concurrency: z.number().int().min(1).max(64).default(8),
  /** Units in flight per account, so one account's API limits are never tripped. */
  perAccountConcurrency: z.number().int().min(1).max(16).default(3),
});

export const GitHubSchema = z.strictObject({
  org: z.string().min(1),
  baseUrl: z.url().default('https://api.github.com'),
  auth: z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('app'),
      appId: z.number().int().positive(),
      installationId: z.number().int().positive(),
      privateKeySecret: secretName,
    }),
    z.strictObject({ type: z.literal('token'), tokenSecret: secretName }),
  ]),
  /** Days of merged pull requests collected per run (the change population). */
  pullRequestLookbackDays: z.number().int().min(1).max(400).default(30),
});

export const IdentityProvidersSchema = z.strictObject({
  okta: z.strictObject({ baseUrl: z.url(), tokenSecret: secretName }).optional(),
  entra: z
    .strictObject({
      tenantId: z.string().min(1),
      clientId: z.string().min(1),
      clientSecretSecret: secretName,
      graphBaseUrl: z.url().default('https://graph.microsoft.com'),
    })
    .optional(),
  googleWorkspace: z
    .strictObject({
      customer: z.string().default('my_customer'),
      adminEmail: z.email(),
      serviceAccountSecret: secretName,
      baseUrl: z.url().default('https://admin.googleapis.com'),
    })
    .optional(),
  identityCenter: z.strictObject({ identityStoreId: z.string().min(1), region }).optional(),
});

const FrameworkIdSchema = z.enum(['iso27001-2022', 'soc2-2017', 'nis2', 'gdpr']);

export const AuditorSchema = z.strictObject({
  principalArn: z.string().regex(/^arn:aws[\w-]*:(iam|sts)::\d{12}:/, 'must be an IAM role or user ARN'),
  engagement: z.string().regex(/^[a-z0-9-]{3,64}$/, 'must be a kebab-case engagement id'),
  frameworks: z.array(FrameworkIdSchema).min(1),
  /** The engagement ends at this date: access stops then. */
  endsOn: isoDate,
});

const port = z.number().int().min(1).max(65535);

/** Rule thresholds; the defaults follow the CIS AWS Foundations Benchmark v4.0.1 and Prowler. */
export const RuleThresholdsSchema = z.strictObject({
  /** CIS 1.12: credentials unused for this many days must be disabled. */
  unusedCredentialDays: z.number().int().min(1).max(365).default(DEFAULT_THRESHOLDS.unusedCredentialDays),
  /** CIS 1.8. */
  passwordMinimumLength: z.number().int().min(6).max(128).default(DEFAULT_THRESHOLDS.passwordMinimumLength),
  /** CIS 1.9: previous passwords IAM remembers (AWS allows at most 24). */
  passwordReusePrevention: z
    .number()
    .int()
    .min(1)
    .max(24)
    .default(DEFAULT_THRESHOLDS.passwordReusePrevention),
  /** Ports no security group may open to the internet (CIS 5.2, 5.3). */
  adminPorts: z
    .array(port)
    .min(1)
    .default([...DEFAULT_THRESHOLDS.adminPorts]),
  /** Approving reviews a default branch's protection must require. */
  requiredApprovals: z.number().int().min(1).max(6).default(DEFAULT_THRESHOLDS.requiredApprovals),
  /** Repositories meant to be public (`name` or `owner/name`); any other public repository fails DAT-01. */
  publicRepositories: z.array(z.string().min(1)).default([]),
});

/** The whole configuration (flux.config.json). Parsed once, at the edge. */
export const FluxConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Name of this evidence log; part of every signed checkpoint. */
  origin: z
    .string()
    .regex(/^[\w.:/-]{3,128}$/)
    .default('flux-evidence'),
  /** Deployed platform; absent = the local locker (a directory) is used. */
  deployment: z
    .strictObject({
      region,
      evidenceBucket: z.string().min(3),
      ledgerTable: z.string().min(3),
      evidenceKeyArn: z.string().startsWith('arn:').optional(),
      signingKeyArn: z.string().startsWith('arn:'),
      /** The snapshot API (stateless stack outputs SnapshotApiId, SnapshotApiUrl): `auditor policy` names it. */
      snapshotApiId: z
        .string()
        .regex(/^[a-z0-9]{10}$/, 'must be an API Gateway id')
        .optional(),
      snapshotApiUrl: z.url().optional(),
      /**
       * The sequencer's append queue (stateless stack output AppendQueueUrl): `snapshot url` sends the issuance it
       * logs there, so the sequencer stays the log's one writer. Without it the CLI appends to the table itself.
       */
      appendQueueUrl: z.url().optional(),
    })
    .optional(),
  locker: z.strictObject({ path: z.string().min(1).default('.flux') }).default({ path: '.flux' }),
  aws: AwsScopeSchema.prefault({}),
  github: GitHubSchema.optional(),
  identityProviders: IdentityProvidersSchema.default({}),
  collectors: z
    .record(
      z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
      z.strictObject({ enabled: z.boolean().default(true), schedule: z.string().min(1).optional() }),
    )
    .default({}),
  frameworks: z.array(FrameworkIdSchema).min(1).default(['iso27001-2022', 'soc2-2017', 'nis2', 'gdpr']),
  window: z
    .strictObject({ start: isoDate, end: isoDate, timeZone: z.string().default('UTC') })
    .refine((w) => w.start < w.end, 'window.end must be after window.start')
    .optional(),
  alerts: z
    .strictObject({
      emails: z.array(z.email()).default([]),
      webhookUrlSecret: secretName.optional(),
      evidenceLinkBase: z.url().optional(),
    })
    .default({ emails: [] }),
  retention: z
    .strictObject({
      mode: z.enum(['COMPLIANCE', 'GOVERNANCE']).default('COMPLIANCE'),
      /** Must outlast the longest review window plus the certification cycle (ISO: 3 years). */
      days: z.number().int().min(1).max(36500).default(2190),
    })
    .default({ mode: 'COMPLIANCE', days: 2190 }),
  auditors: z.array(AuditorSchema).default([]),
  /**
   * Operator principals (IAM role or user ARNs of this account) the snapshot API lets create, list and share
   * snapshots for any configured engagement that has not ended, within its frameworks. Everyone else is judged as
   * an auditor. Their own IAM policy must still allow `execute-api:Invoke` on the routes.
   */
  operators: z
    .array(z.string().regex(/^arn:aws[\w-]*:iam::\d{12}:(role|user)\//, 'must be an IAM role or user ARN'))
    .default([]),
  rules: RuleThresholdsSchema.prefault({}),
  /**
   * Requirements declared out of scope, each with the reason an auditor reads (an ISO 27001 Statement of
   * Applicability exclusion, a SOC 2 category not in the report). Only requirements the framework lets an
   * organisation exclude are accepted; for them a control that was NOT_APPLICABLE throughout counts as met.
   */
  exclusions: z
    .array(
      z.strictObject({
        framework: FrameworkIdSchema,
        requirement: z.string().min(1),
        reason: z.string().trim().min(10, 'must say why, in at least 10 characters'),
      }),
    )
    .default([]),
  accessReconciliation: z
    .strictObject({
      deprovisioningSlaHours: z.number().positive().default(24),
      /** Explicit identity links where emails differ: `{ "github:octocat": "alice@acme.example" }`. */
      identityLinks: z.record(z.string(), z.email()).default({}),
    })
    .default({ deprovisioningSlaHours: 24, identityLinks: {} }),
});

export type FluxConfig = z.infer<typeof FluxConfigSchema>;
