/**
 * The four frameworks this platform evidences; each has one catalog file `frameworks/<id>.json`. Kept apart from
 * schema.ts (zod) so the CLI can name them in its help text without loading the schemas.
 */
export const FRAMEWORK_IDS = ['iso27001-2022', 'soc2-2017', 'nis2', 'gdpr'] as const;
