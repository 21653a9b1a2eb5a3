import * as z from 'zod';

const instant = z.iso.datetime({ offset: true });
/** A date the report gives, or null when it says N/A, no_information or not_supported. */
const maybeInstant = instant.nullable();

const AccessKeySchema = z.strictObject({
  active: z.boolean(),
  lastRotated: maybeInstant,
  lastUsed: maybeInstant,
});

/** One row of the IAM credential report: facts only, no key ids or secrets (the report holds none). */
const CredentialEntrySchema = z.strictObject({
  user: z.string().min(1),
  arn: z.string().startsWith('arn:'),
  createdAt: instant,
  /** null for the root account, whose password state the report gives as not_supported. */
  passwordEnabled: z.boolean().nullable(),
  passwordLastUsed: maybeInstant,
  passwordLastChanged: maybeInstant,
  passwordNextRotation: maybeInstant,
  mfaActive: z.boolean(),
  accessKey1: AccessKeySchema,
  accessKey2: AccessKeySchema,
  cert1Active: z.boolean(),
  cert2Active: z.boolean(),
});
export type CredentialEntry = z.infer<typeof CredentialEntrySchema>;

export const schema = z.strictObject({
  /** When IAM generated the report (also the envelope's observedAt). */
  generatedAt: instant,
  /** The `<root_account>` row; null when the report has none (e.g. the emulator). */
  root: CredentialEntrySchema.nullable(),
  users: z.array(CredentialEntrySchema),
});
export type CredentialReportData = z.infer<typeof schema>;
