import * as z from 'zod';
import { scopeKey } from '../kernel/runner.js';
import { ScopeSchema } from '../evidence/envelope.js';
import { ValidationError, formatIssues } from '../errors.js';
import type { ArtifactRef } from '../mapping/map-artifact.js';

/** The EventBridge event published after an artifact is stored and appended to the ledger. */
const EvidenceStoredEventSchema = z.object({
  'detail-type': z.literal('EvidenceStored'),
  detail: z.object({
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256'),
    key: z.string().min(1),
    collector: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a kebab-case collector id'),
    /** The envelope's scope, or its canonical key. */
    scope: z.union([ScopeSchema, z.string().min(1)]),
    observedAt: z.iso.datetime({ offset: true }),
    collectedAt: z.iso.datetime({ offset: true }).optional(),
    ledgerIndex: z.number().int().nonnegative().optional(),
  }),
});
export type EvidenceStoredEvent = z.infer<typeof EvidenceStoredEventSchema>;

/** Parses an EvidenceStored event into the artifact reference the mapper needs; throws listing every problem. */
export function parseEvidenceStored(event: unknown): ArtifactRef {
  const r = EvidenceStoredEventSchema.safeParse(event);
  if (!r.success) throw new ValidationError('EvidenceStored event', formatIssues(r.error.issues));
  const { sha256, collector, scope } = r.data.detail;
  return { sha256, collector, scope: typeof scope === 'string' ? scope : scopeKey(scope) };
}
