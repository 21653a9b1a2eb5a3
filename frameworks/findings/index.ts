import * as z from 'zod';
import { ValidationError, formatIssues } from '../../shared/errors.js';
// JSON imports, so bundled functions (the mapper) carry the maps inside the bundle.
import prowlerRaw from './prowler-checks.json' with { type: 'json' };
import securityHubRaw from './securityhub-controls.json' with { type: 'json' };

const text = z.string().trim().min(1);
const controlId = z.string().regex(/^[A-Z]{2,3}-\d{2}$/, 'must look like AREA-NN');
const SourceSchema = z.strictObject({
  name: text,
  detail: text,
  url: text.optional(),
  licence: text.optional(),
});

/** Security Hub consolidated control ids → the common controls they give evidence for. */
const SecurityHubControlMapSchema = z.strictObject({
  version: text,
  sources: z.array(SourceSchema).min(1),
  standards: z.record(z.string(), text),
  controls: z
    .array(
      z.strictObject({
        securityControlId: z.string().regex(/^[A-Za-z0-9]+\.\d+$/, 'must look like IAM.6'),
        title: text,
        commonControls: z.array(controlId).min(1),
        standards: z.array(text).min(1),
      }),
    )
    .min(1),
});
export type SecurityHubControlMap = z.infer<typeof SecurityHubControlMapSchema>;

/** Prowler check ids → the framework requirements Prowler's own compliance files map them to. */
const ProwlerCheckMapSchema = z.strictObject({
  prowlerVersion: text,
  sources: z.array(SourceSchema).min(1),
  /** check id → framework id → requirement ids, as Prowler's compliance files state them. */
  checks: z.record(z.string().regex(/^[a-z0-9_]+$/), z.record(z.string(), z.array(text).min(1))),
});
export type ProwlerCheckMap = z.infer<typeof ProwlerCheckMapSchema>;

function read<T>(file: string, raw: unknown, schema: z.ZodType<T>): T {
  const r = schema.safeParse(raw);
  if (!r.success) throw new ValidationError(`frameworks/findings/${file}`, formatIssues(r.error.issues));
  return r.data;
}

let securityHub: SecurityHubControlMap | undefined;
let prowler: ProwlerCheckMap | undefined;

/** The committed Security Hub control map (read and validated once). */
export function securityHubControlMap(): SecurityHubControlMap {
  return (securityHub ??= read('securityhub-controls.json', securityHubRaw, SecurityHubControlMapSchema));
}

/** The committed Prowler check map, generated from Prowler's compliance files (read and validated once). */
export function prowlerCheckMap(): ProwlerCheckMap {
  return (prowler ??= read('prowler-checks.json', prowlerRaw, ProwlerCheckMapSchema));
}
