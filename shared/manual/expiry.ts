import type { PublishOutcome } from '../alerts/publish.js';
import type { ManualTransition } from '../alerts/types.js';
import type { Ledger } from '../ledger/types.js';
import type { BlobStore } from './types.js';
import { loadStatements } from './log.js';
import { DEFAULT_EXPIRING_DAYS, manualView, type ManualDocument, type ManualView } from './state.js';

const DAY_MS = 86_400_000;
const startOf = (day: string) => Date.parse(`${day}T00:00:00.000Z`);
const iso = (ms: number) => new Date(ms).toISOString();

/** Whether another approved document serving at least the same targets stays valid after `d` (a renewal). */
function renewed(view: ManualView, d: ManualDocument, at: string): boolean {
  const until = d.statement.validUntil!;
  return view.documents.some(
    (o) =>
      o !== d &&
      o.statement.addedAt <= at &&
      o.approvals.some((a) => a.statement.at <= at) &&
      (o.statement.validUntil === undefined || o.statement.validUntil > until) &&
      d.statement.requirements.every((r) => o.statement.requirements.includes(r)) &&
      d.statement.controls.every((c) => o.statement.controls.includes(c)),
  );
}

/**
 * The manual dates reached by `at`: an approved document entered the `expiringDays` before its last valid day
 * (`evidence-expiring`, at the start of that period) or passed it (`evidence-expired`, at the start of the next day),
 * unless an approved renewal covers the same requirements and controls for longer; an exception passed its last
 * day (`exception-expired`). Each carries the instant it happened, so its alert key is stable: publishing the same
 * list again announces nothing twice.
 */
export function manualTransitions(
  view: ManualView,
  at: Date,
  expiringDays = DEFAULT_EXPIRING_DAYS,
): ManualTransition[] {
  const now = at.getTime();
  const nowIso = at.toISOString();
  const out: ManualTransition[] = [];
  for (const d of view.documents) {
    const s = d.statement;
    if (!s.validUntil || !d.approvals.some((a) => a.statement.at <= nowIso) || renewed(view, d, nowIso))
      continue;
    const expiredAt = startOf(s.validUntil) + DAY_MS;
    const warnAt = Math.max(expiredAt - (expiringDays + 1) * DAY_MS, Date.parse(s.addedAt));
    const base = {
      id: d.id,
      subject: s.title,
      owner: s.owner,
      until: s.validUntil,
      controlIds: s.controls,
      requirements: s.requirements,
      key: d.key,
    };
    if (now >= warnAt && now < expiredAt) out.push({ ...base, kind: 'evidence-expiring', at: iso(warnAt) });
    if (now >= expiredAt) out.push({ ...base, kind: 'evidence-expired', at: iso(expiredAt) });
  }
  for (const e of view.exceptions) {
    const s = e.statement;
    const endedAt = startOf(s.expires) + DAY_MS;
    if (now < endedAt) continue;
    out.push({
      kind: 'exception-expired',
      id: e.id,
      subject: `${s.control}${s.resource ? ` ${s.resource}` : ''}`,
      owner: s.owner,
      until: s.expires,
      at: iso(endedAt),
      controlIds: [s.control],
      requirements: [],
      key: e.key,
    });
  }
  return out;
}

/**
 * The scheduled manual-evidence check: reads the person-made statements from the log and publishes each date
 * reached, once (the alert key is the claim). A document that passed straight from current to expired between two
 * checks announces only the expiry.
 */
export async function checkManualExpiry(deps: {
  readonly ledger: Ledger;
  readonly blobs: BlobStore;
  readonly publish: (t: ManualTransition) => Promise<PublishOutcome>;
  readonly now: () => Date;
  readonly expiringDays?: number;
}): Promise<PublishOutcome[]> {
  const view = manualView(await loadStatements(deps.ledger, deps.blobs));
  const out: PublishOutcome[] = [];
  for (const t of manualTransitions(view, deps.now(), deps.expiringDays)) out.push(await deps.publish(t));
  return out;
}
