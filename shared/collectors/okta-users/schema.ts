import * as z from 'zod';

const isoInstant = z.iso.datetime({ offset: true });

/** One enrolled factor as Okta reports it (factorType e.g. push, webauthn, sms; status e.g. ACTIVE, PENDING_ACTIVATION). */
const OktaFactorFactSchema = z.strictObject({
  id: z.string().min(1),
  factorType: z.string().min(1),
  provider: z.string().min(1),
  status: z.string().min(1),
});

const OktaUserFactSchema = z.strictObject({
  id: z.string().min(1),
  /** profile.login, lower-cased and trimmed. */
  login: z.string().min(1),
  /** profile.email, lower-cased and trimmed, for reconciliation across sources. */
  email: z.string().nullable(),
  /** STAGED, PROVISIONED, ACTIVE, RECOVERY, LOCKED_OUT, PASSWORD_EXPIRED, SUSPENDED or DEPROVISIONED. */
  status: z.string().min(1),
  statusChanged: isoInstant.nullable(),
  lastLogin: isoInstant.nullable(),
  created: isoInstant,
  /** Every factor the user has, in any status; null when they could not be read (see the envelope's errors). */
  factors: z.array(OktaFactorFactSchema).nullable(),
});
export type OktaUserFact = z.infer<typeof OktaUserFactSchema>;

export const schema = z.strictObject({
  /** Every user in every status, DEPROVISIONED included, sorted by id. */
  users: z.array(OktaUserFactSchema),
});
export type OktaUsersData = z.infer<typeof schema>;
