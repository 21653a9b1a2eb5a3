import * as z from 'zod';
import type { ControlTransition } from '../../shared/alerts/types.js';
import { ValidationError, formatIssues } from '../../shared/errors.js';

const Status = z.enum(['PASS', 'FAIL', 'UNKNOWN', 'NOT_APPLICABLE']);

/** A control transition as the mapper returns it (shared/mapping/types.ts `Transition`). */
const TransitionSchema = z.object({
  controlId: z.string().regex(/^[A-Z]{2,5}-\d{2,3}$/, 'must be a control id'),
  from: Status.nullish().transform((s) => s ?? undefined),
  to: Status,
  kind: z.enum(['drift', 'recovered', 'unknown', 'changed']),
  at: z.iso.datetime({ offset: true }),
  failing: z.array(z.object({ resource: z.string(), reason: z.string().optional() })),
  reason: z.string(),
  artifacts: z.array(z.string().regex(/^[0-9a-f]{64}$/)).optional(),
});

const Batch = z.object({ transitions: z.array(TransitionSchema) });

/**
 * What the alerts function accepts: the mapper's result `{ transitions }` invoked directly, wrapped by a Lambda
 * destination (`responsePayload`), or as an EventBridge event's `detail` (either form).
 */
const AlertsInputSchema = z.union([
  Batch,
  z.object({ responsePayload: Batch }).transform((e) => e.responsePayload),
  z
    .object({
      detail: z.union([Batch, z.object({ responsePayload: Batch }).transform((d) => d.responsePayload)]),
    })
    .transform((e) => e.detail),
]);

/** Parses the input into transitions; throws ValidationError listing every problem. */
export function parseAlertsInput(event: unknown): ControlTransition[] {
  const r = AlertsInputSchema.safeParse(event);
  if (!r.success) throw new ValidationError('alerts input', formatIssues(r.error.issues));
  return r.data.transitions.map(({ from, artifacts, ...t }) => ({
    ...t,
    ...(from !== undefined ? { from } : { from: undefined }),
    ...(artifacts ? { artifacts } : {}),
  }));
}
