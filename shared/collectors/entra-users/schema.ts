import * as z from 'zod';

const isoInstant = z.iso.datetime({ offset: true });

const EntraUserFactSchema = z.strictObject({
  id: z.string().min(1),
  /** Lower-cased and trimmed. */
  userPrincipalName: z.string().min(1),
  /** `mail`, lower-cased and trimmed, for reconciliation across sources. */
  email: z.string().nullable(),
  accountEnabled: z.boolean().nullable(),
  /** Member or Guest. */
  userType: z.string().nullable(),
  created: isoInstant.nullable(),
  /** null when never signed in, or when sign-in activity is unavailable (see `signInActivityAvailable`). */
  lastSignIn: isoInstant.nullable(),
  lastNonInteractiveSignIn: isoInstant.nullable(),
  /** From userRegistrationDetails; null when the report has no entry for the user or could not be read. */
  mfa: z
    .strictObject({ registered: z.boolean(), capable: z.boolean(), methods: z.array(z.string()) })
    .nullable(),
  /** Holds an Entra admin role (userRegistrationDetails.isAdmin); null when unknown. */
  isAdmin: z.boolean().nullable(),
});

const EntraDeletedUserSchema = z.strictObject({
  id: z.string().min(1),
  userPrincipalName: z.string().nullable(),
  email: z.string().nullable(),
  deletedAt: isoInstant.nullable(),
});

export const schema = z.strictObject({
  /** False when the tenant lacks Entra ID P1: every `lastSignIn` is then null because it is unknown. */
  signInActivityAvailable: z.boolean(),
  users: z.array(EntraUserFactSchema),
  /** Soft-deleted users (kept 30 days by Entra); null when the listing failed (see errors). */
  deletedUsers: z.array(EntraDeletedUserSchema).nullable(),
});
export type EntraUsersData = z.infer<typeof schema>;
