import * as z from 'zod';
import { ScopeSchema } from '../evidence/envelope.js';

/** One unit of collection work, as the fan-out function enqueues it (SQS message body). */
export const CollectionUnitMessageSchema = z.strictObject({
  collector: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a kebab-case collector id'),
  scope: ScopeSchema,
  /** When the schedule fired; part of the body so FIFO content-based deduplication keeps separate runs apart. */
  requestedAt: z.iso.datetime({ offset: true }),
});
export type CollectionUnitMessage = z.infer<typeof CollectionUnitMessageSchema>;

/** FIFO message group of a unit: one account (or org/tenant) at a time per collector queue. */
export function messageGroupOf(unit: Pick<CollectionUnitMessage, 'scope'>): string {
  return unit.scope.account ?? unit.scope.org ?? unit.scope.tenant ?? 'default';
}
