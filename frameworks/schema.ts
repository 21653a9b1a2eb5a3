import * as z from 'zod';
import { FRAMEWORK_IDS } from './ids.js';

export { FRAMEWORK_IDS };
export const FrameworkIdSchema = z.enum(FRAMEWORK_IDS);
export type FrameworkId = z.infer<typeof FrameworkIdSchema>;

/**
 * Collector ids a common control may read. A control naming any other id fails validation, so a
 * renamed or removed collector shows up as a dangling reference here.
 */
export const COLLECTOR_IDS = [
  'aws-iam-credential-report',
  'aws-iam-password-policy',
  'aws-iam-account-summary',
  'aws-iam-admin-access',
  'aws-s3-buckets',
  'aws-cloudtrail-trails',
  'aws-config-recorder',
  'aws-config-compliance',
  'aws-kms-keys',
  'aws-ec2-security-groups',
  'aws-ec2-ebs-default-encryption',
  'aws-rds-instances',
  'aws-guardduty-detectors',
  'aws-securityhub-status',
  'aws-securityhub-findings',
  'prowler-ocsf-findings',
  'aws-backup-plans',
  'github-org',
  'github-repos',
  'github-pull-requests',
  'github-vulnerability-alerts',
  'okta-users',
  'entra-users',
  'google-workspace-users',
  'aws-identity-center-users',
  'access-reconciliation',
] as const;
export const CollectorIdSchema = z.enum(COLLECTOR_IDS);
export type CollectorId = z.infer<typeof CollectorIdSchema>;

const semver = z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version');
const text = z.string().trim().min(1);

/** Where a catalog's facts come from, with the terms under which they are used. */
export const SourceSchema = z.strictObject({ name: text, detail: text, licence: text });
export type Source = z.infer<typeof SourceSchema>;

/** A theme, category or series; `parent` nests a series under its category (SOC 2). */
export const GroupSchema = z.strictObject({ id: text, title: text, parent: text.optional() });
export type Group = z.infer<typeof GroupSchema>;

/**
 * One requirement: an identifier and a short title only (no requirement text is reproduced).
 * `assessable: false` marks structural headings and provisions that oblige nobody in scope (for
 * example NIS2 Art. 21(5), an obligation on the Commission); coverage skips them.
 * `manualEvidence` marks the requirement as not (fully) automatable and names what an auditor needs.
 */
export const RequirementSchema = z.strictObject({
  id: text,
  title: text.max(160),
  group: text,
  parent: text.optional(),
  ref: text.optional(),
  assessable: z.boolean().default(true),
  manualEvidence: text.optional(),
  related: z.array(text).optional(),
  tags: z.array(text).optional(),
  note: text.optional(),
});
export type Requirement = z.infer<typeof RequirementSchema>;

/** A framework catalog file. */
export const FrameworkSchema = z.strictObject({
  id: FrameworkIdSchema,
  name: text,
  version: text,
  catalogVersion: semver,
  sources: z.array(SourceSchema).min(1),
  notes: z.array(text).default([]),
  groups: z.array(GroupSchema).min(1),
  requirements: z.array(RequirementSchema).min(1),
});
export type Framework = z.infer<typeof FrameworkSchema>;

/**
 * How a control relates to a requirement, read as "control <relation> requirement" (CISO Assistant's
 * typed mapping relations): `subset` = the control covers part of the requirement, `superset` = all of
 * it and more, `equal` = the same scope, `intersect` = they overlap (the default).
 */
export const RELATIONS = ['equal', 'subset', 'superset', 'intersect'] as const;
export const RelationSchema = z.enum(RELATIONS);
export type Relation = z.infer<typeof RelationSchema>;

export const MappingSchema = z.strictObject({
  framework: FrameworkIdSchema,
  requirement: text,
  relation: RelationSchema,
  rationale: text.optional(),
});
export type Mapping = z.infer<typeof MappingSchema>;

export const AUTOMATION_LEVELS = ['automated', 'partial', 'manual'] as const;
export type Automation = (typeof AUTOMATION_LEVELS)[number];
export const FREQUENCIES = ['continuous', 'daily', 'weekly', 'monthly', 'quarterly', 'annual'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const AREAS = [
  'governance',
  'identity-and-access',
  'logging-and-monitoring',
  'encryption',
  'data-protection',
  'network',
  'change-management',
  'vulnerability-management',
  'backup-and-resilience',
  'vendor-and-asset-management',
  'incident-response',
  'people',
  'physical',
  'privacy',
] as const;
export type Area = (typeof AREAS)[number];

/** The area each control-id prefix belongs to (ids as in `common-controls.tsv`). */
export const AREA_OF_PREFIX: Readonly<Record<string, Area>> = {
  GOV: 'governance',
  RSK: 'governance',
  IAM: 'identity-and-access',
  LOG: 'logging-and-monitoring',
  MON: 'logging-and-monitoring',
  CRY: 'encryption',
  DAT: 'data-protection',
  NET: 'network',
  CHG: 'change-management',
  CFG: 'change-management',
  SDL: 'change-management',
  VUL: 'vulnerability-management',
  BCK: 'backup-and-resilience',
  RES: 'backup-and-resilience',
  BCP: 'backup-and-resilience',
  AST: 'vendor-and-asset-management',
  SUP: 'vendor-and-asset-management',
  INC: 'incident-response',
  HR: 'people',
  PHY: 'physical',
  PRV: 'privacy',
};

/** A common control: implemented once, credited to every requirement it maps to. */
export const ControlSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Z]{2,3}-\d{2}$/, 'must look like AREA-NN'),
    title: text.max(160),
    description: text,
    area: z.enum(AREAS),
    automation: z.enum(AUTOMATION_LEVELS),
    collectors: z.array(CollectorIdSchema),
    frequency: z.enum(FREQUENCIES),
    mappings: z.array(MappingSchema).min(1, 'a control maps to at least one requirement'),
    manualEvidence: text.optional(),
    version: semver,
  })
  .superRefine((c, ctx) => {
    const issue = (message: string, path: string) => ctx.addIssue({ code: 'custom', message, path: [path] });
    if (c.automation !== 'manual' && c.collectors.length === 0)
      issue(`${c.automation} control names no collector`, 'collectors');
    if (c.automation === 'manual' && c.collectors.length > 0)
      issue('manual control names collectors', 'collectors');
    if (c.automation !== 'automated' && !c.manualEvidence)
      issue(`${c.automation} control needs manualEvidence`, 'manualEvidence');
    if (new Set(c.collectors).size !== c.collectors.length) issue('duplicate collector', 'collectors');
    const keys = c.mappings.map((m) => `${m.framework}:${m.requirement}`);
    if (new Set(keys).size !== keys.length) issue('duplicate mapping', 'mappings');
  });
export type Control = z.infer<typeof ControlSchema>;

/** The `controls.json` file. */
export const ControlSetSchema = z.strictObject({
  version: semver,
  controls: z.array(ControlSchema).min(1),
});
export type ControlSet = z.infer<typeof ControlSetSchema>;
