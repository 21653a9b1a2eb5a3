import * as z from 'zod';

const isoInstant = z.iso.datetime({ offset: true });

const GoogleUserFactSchema = z.strictObject({
  id: z.string().min(1),
  /** Lower-cased and trimmed, for reconciliation across sources. */
  primaryEmail: z.string().min(1),
  /** Booleans are null when the Directory omitted them (unknown, never assumed false). */
  suspended: z.boolean().nullable(),
  archived: z.boolean().nullable(),
  isAdmin: z.boolean().nullable(),
  isDelegatedAdmin: z.boolean().nullable(),
  isEnrolledIn2Sv: z.boolean().nullable(),
  isEnforcedIn2Sv: z.boolean().nullable(),
  created: isoInstant.nullable(),
  /** null when the user never signed in (the Directory reports 1970-01-01). */
  lastLogin: isoInstant.nullable(),
});
export type GoogleUserFact = z.infer<typeof GoogleUserFactSchema>;

const GoogleDeletedUserSchema = z.strictObject({
  id: z.string().min(1),
  primaryEmail: z.string().min(1),
  deletedAt: isoInstant.nullable(),
});

export const schema = z.strictObject({
  users: z.array(GoogleUserFactSchema),
  /** Users deleted in the last 20 days (what the Directory still lists); null when that listing failed. */
  deletedUsers: z.array(GoogleDeletedUserSchema).nullable(),
});
export type GoogleWorkspaceUsersData = z.infer<typeof schema>;
