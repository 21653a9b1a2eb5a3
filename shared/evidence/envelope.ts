import * as z from 'zod';

/** Envelope format version. Bumped only with a migration note in docs/ARCHITECTURE.md. */
export const ENVELOPE_SCHEMA = 'flux.evidence/v1';

const isoInstant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 timestamp' });
const kebabId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a kebab-case id');

/** What was looked at: an AWS account/region, a GitHub org, an identity-provider tenant. */
export const ScopeSchema = z
  .strictObject({
    account: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
      .optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$|^global$/, 'must be an AWS region or "global"')
      .optional(),
    org: z.string().min(1).optional(),
    tenant: z.string().min(1).optional(),
  })
  .refine(
    (s) => Object.values(s).some((v) => v !== undefined),
    'scope names at least one of account, org, tenant',
  );
export type Scope = z.infer<typeof ScopeSchema>;

/** One API operation the collector called, as an auditor would want to replay it. */
const OperationSchema = z.strictObject({
  service: z.string().min(1),
  operation: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
  pages: z.number().int().nonnegative(),
  items: z.number().int().nonnegative(),
  requestIds: z.array(z.string()).default([]),
  error: z.string().optional(),
});
export type Operation = z.infer<typeof OperationSchema>;

/** How the artifact was obtained: enough for an auditor to judge completeness and accuracy. */
const ProvenanceSchema = z.strictObject({
  identity: z.string().min(1),
  operations: z.array(OperationSchema),
  complete: z.boolean(),
  notes: z.array(z.string()).optional(),
});

/** A per-resource failure; it never turns into a pass. */
const CollectionErrorSchema = z.strictObject({
  code: z.string().min(1),
  message: z.string(),
  resource: z.string().optional(),
  operation: z.string().optional(),
});
export type CollectionError = z.infer<typeof CollectionErrorSchema>;

/** The unit of evidence (docs/ARCHITECTURE.md, "Data flow"). `data` is checked by the collector's own schema. */
export const EnvelopeSchema = z.strictObject({
  schema: z.literal(ENVELOPE_SCHEMA),
  collector: kebabId,
  collectorVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version'),
  scope: ScopeSchema,
  observedAt: isoInstant,
  collectedAt: isoInstant,
  provenance: ProvenanceSchema,
  data: z.unknown().refine((d) => d !== undefined, 'data is required'),
  errors: z.array(CollectionErrorSchema),
});
export type Envelope<TData = unknown> = Omit<z.infer<typeof EnvelopeSchema>, 'data'> & { data: TData };
