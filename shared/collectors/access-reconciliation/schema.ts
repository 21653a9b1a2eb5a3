import * as z from 'zod';

const isoInstant = z.iso.datetime({ offset: true });

/** One input artifact the reconciliation read: cited so an auditor can fetch and rehash it. */
const ReconciliationInputSchema = z.strictObject({
  collector: z.string().min(1),
  scope: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** When the input's facts were last seen to hold (its observedAt, or a later re-observation). */
  observedAt: isoInstant,
  /** Identities (IdP users) or accounts (IAM, GitHub, Identity Center) read from it. */
  records: z.number().int().nonnegative(),
});

/** An account outside the identity providers that still grants access. */
const ActiveAccountSchema = z.strictObject({
  /** Collector the account was read from, e.g. `aws-iam-credential-report`, `github-org`. */
  source: z.string().min(1),
  /** Stable resource name: IAM user ARN, `github:<org>/<login>`, `identitycenter:<storeId>/<userName>`. */
  resource: z.string().min(1),
  /** Why it counts as active, e.g. `console password`, `active access key`, `org member`. */
  access: z.array(z.string().min(1)).min(1),
});

/** How one identity provider reports the leaver. */
const IdpStatusSchema = z.strictObject({
  source: z.string().min(1),
  /** The IdP's word: DEPROVISIONED, SUSPENDED, disabled, deleted, suspended. */
  status: z.string().min(1),
  /** When the IdP says the status changed; null when the IdP does not report it. */
  changedAt: isoInstant.nullable(),
});

const LeaverSchema = z.strictObject({
  /** Normalized (lower-cased) email: the join key. */
  email: z.string().min(1),
  idp: z.array(IdpStatusSchema).min(1),
  /** The earliest known status change across the IdPs; null when none reports a time. */
  deprovisionedAt: isoInstant.nullable(),
  /** Accounts elsewhere still active for this person; empty: fully deprovisioned (as far as the inputs show). */
  stillActive: z.array(ActiveAccountSchema),
  /** Open: some access remains. */
  open: z.boolean(),
  /** For open leavers: hours from `deprovisionedAt` to `asOf` (latency so far); null when either is unknown or closed. */
  latencyHours: z.number().nonnegative().nullable(),
  /** Open and beyond the SLA, or open with an unknown change time (a gap is never within SLA). Closed: false. */
  breachesSla: z.boolean(),
});

const OrphanSchema = ActiveAccountSchema.extend({
  /** `no link`: not joined to any IdP identity; `unknown identity`: linked or named to an email no IdP lists. */
  reason: z.string().min(1),
  /** The email it was joined to, when a link or email named one. */
  email: z.string().nullable(),
});

export const schema = z.strictObject({
  /** The time the latencies are measured to (the collection time). */
  asOf: isoInstant,
  deprovisioningSlaHours: z.number().positive(),
  inputs: z.array(ReconciliationInputSchema),
  /** Distinct people (normalized emails) the identity providers list, in any status. */
  idpIdentities: z.number().int().nonnegative(),
  /** Active accounts outside the IdPs that were joined to an IdP identity. */
  linkedAccounts: z.number().int().nonnegative(),
  leavers: z.array(LeaverSchema),
  orphans: z.array(OrphanSchema),
});
export type AccessReconciliationData = z.infer<typeof schema>;
export type Leaver = z.infer<typeof LeaverSchema>;
export type ActiveAccount = z.infer<typeof ActiveAccountSchema>;
export type Orphan = z.infer<typeof OrphanSchema>;
