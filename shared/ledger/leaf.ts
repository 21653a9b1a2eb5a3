import { z } from 'zod';
import { canonicalBytes, sha256Hex } from '../evidence/canonical.js';
import { IntegrityError } from '../errors.js';
import { HASH_SIZE } from './merkle.js';

/**
 * What a log leaf holds. Two forms, told apart by their bytes alone, so an offline verifier needs nothing
 * but the leaf:
 *
 * - an **artifact leaf** is the 32 raw bytes of a stored artifact's SHA-256 (as built in the first version);
 * - a **statement leaf** is the UTF-8 bytes of an RFC 8785 canonical JSON object with
 *   `"leaf": "flux.leaf/v1"` and a `kind`. Its identity (the ledger record's `sha256`) is the SHA-256 of
 *   those bytes, and the bytes are stored create-only beside the evidence, so anyone can recompute the
 *   leaf hash from the stored file.
 *
 * A statement is never 32 bytes long (the smallest valid one is far longer) and always starts with `{`,
 * so the two forms cannot be confused.
 */
export const LEAF_SCHEMA = 'flux.leaf/v1';

export const LEAF_KINDS = ['artifact', 'observation', 'manual', 'approval', 'exception', 'coverage'] as const;
export type LeafKind = (typeof LEAF_KINDS)[number];
export type StatementKind = Exclude<LeafKind, 'artifact'>;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256');
const Instant = z.iso.datetime({ offset: true });
const Day = z.iso.date();

const base = { leaf: z.literal(LEAF_SCHEMA) };

/** A collection found the source unchanged: the artifact with `artifactSha256` still held at `observedAt`. */
const ObservationStatementSchema = z.strictObject({
  ...base,
  kind: z.literal('observation'),
  collector: z.string().min(1),
  /** Canonical scope key, as on ledger records. */
  scope: z.string().min(1),
  artifactSha256: Sha256,
  observedAt: Instant,
  collectedAt: Instant,
  runId: z.string().min(1),
});

/** A document added by a person (policy, minutes, training record), stored create-only under `key`. */
const ManualStatementSchema = z.strictObject({
  ...base,
  kind: z.literal('manual'),
  /** SHA-256 of the stored file's bytes. */
  fileSha256: Sha256,
  key: z.string().min(1),
  fileName: z.string().min(1),
  size: z.number().int().positive(),
  mediaType: z.string().min(1),
  title: z.string().min(1),
  owner: z.string().min(1),
  /** `<framework>:<requirement id>` entries and/or common-control ids the document serves. */
  requirements: z.array(z.string().min(1)),
  controls: z.array(z.string().min(1)),
  validUntil: Day.optional(),
  periodStart: Day.optional(),
  periodEnd: Day.optional(),
  addedAt: Instant,
  addedBy: z.string().min(1),
});

/** A named reviewer approved the manual evidence whose statement hash is `evidence`. */
const ApprovalStatementSchema = z.strictObject({
  ...base,
  kind: z.literal('approval'),
  evidence: Sha256,
  by: z.string().min(1),
  at: Instant,
  note: z.string().optional(),
});

/** A risk acceptance: a control's failure (optionally for one resource) is accepted until `expires`. */
const ExceptionStatementSchema = z.strictObject({
  ...base,
  kind: z.literal('exception'),
  control: z.string().min(1),
  resource: z.string().min(1).optional(),
  reason: z.string().min(1),
  owner: z.string().min(1),
  expires: Day,
  addedAt: Instant,
});

/** Which units a schedule run planned and which completed (organisation coverage attestation). */
const CoverageStatementSchema = z.strictObject({
  ...base,
  kind: z.literal('coverage'),
  runId: z.string().min(1),
  plannedAt: Instant,
  completedAt: Instant,
  units: z.array(
    z.strictObject({
      collector: z.string().min(1),
      scope: z.string().min(1),
      status: z.enum(['completed', 'failed', 'missing']),
      reason: z.string().optional(),
      /** How a unit that ran recorded its evidence: a new artifact, or a re-observation of the latest one. */
      outcome: z.enum(['stored', 'observed']).optional(),
      /** The log identity (SHA-256) of the artifact or observation statement the unit recorded. */
      evidence: Sha256.optional(),
    }),
  ),
});

const StatementSchema = z.discriminatedUnion('kind', [
  ObservationStatementSchema,
  ManualStatementSchema,
  ApprovalStatementSchema,
  ExceptionStatementSchema,
  CoverageStatementSchema,
]);
export type Statement = z.infer<typeof StatementSchema>;
export type StatementOf<K extends StatementKind> = Extract<Statement, { kind: K }>;

/** Canonical bytes of a statement (validated first) and their SHA-256, the ledger identity. */
export function encodeStatement(statement: Statement): { bytes: Buffer; sha256: string } {
  const parsed = StatementSchema.safeParse(statement);
  if (!parsed.success) {
    throw new IntegrityError('statement-invalid', `not a valid ${statement.kind ?? 'leaf'} statement`, {
      issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  }
  const bytes = canonicalBytes(parsed.data);
  return { bytes, sha256: sha256Hex(bytes) };
}

/** The kind a leaf's bytes hold; a statement is parsed and validated. */
export function decodeLeaf(bytes: Uint8Array): { kind: 'artifact'; sha256: string } | Statement {
  if (bytes.length === HASH_SIZE) return { kind: 'artifact', sha256: Buffer.from(bytes).toString('hex') };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new IntegrityError(
      'leaf-unreadable',
      'a leaf is neither a 32-byte artifact hash nor a JSON statement',
    );
  }
  const parsed = StatementSchema.safeParse(json);
  if (!parsed.success) {
    throw new IntegrityError('leaf-unreadable', 'a leaf statement does not match flux.leaf/v1', {
      issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  }
  if (!canonicalBytes(parsed.data).equals(Buffer.from(bytes))) {
    throw new IntegrityError('leaf-not-canonical', 'a leaf statement is not in RFC 8785 canonical form');
  }
  return parsed.data;
}
