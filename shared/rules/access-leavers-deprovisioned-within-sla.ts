import type { AccessReconciliationData } from '../collectors/access-reconciliation/schema.js';
import { defineRule, outcome } from './types.js';

/**
 * Every leaver (suspended, deprovisioned or deleted in the identity providers) has lost their access elsewhere
 * within the deprovisioning SLA. A leaver still active beyond the SLA, or still active with no known status-change
 * time, fails, named with the accounts that remain and the latency so far.
 */
export const rule = defineRule<AccessReconciliationData>({
  id: 'access-leavers-deprovisioned-within-sla',
  version: '1.0.0',
  collector: 'access-reconciliation',
  controls: ['IAM-08'],
  title: 'Leavers lose access everywhere within the deprovisioning SLA',
  accepts: (d) =>
    typeof d === 'object' && d !== null && Array.isArray((d as AccessReconciliationData).leavers),
  evaluate({ leavers, deprovisioningSlaHours: sla }) {
    if (leavers.length === 0) return outcome.notApplicable('no leaver in the identity providers');
    const failing = leavers
      .filter((l) => l.breachesSla)
      .map((l) => ({
        resource: l.email,
        reason: `still active in ${l.stillActive.map((a) => `${a.resource} (${a.access.join(', ')})`).join('; ')}; ${
          l.latencyHours === null
            ? 'deprovisioning time unknown'
            : `${l.latencyHours.toFixed(1)} h since deprovisioning at ${l.deprovisionedAt} (SLA ${sla} h)`
        }`,
      }));
    const open = leavers.filter((l) => l.open && !l.breachesSla).length;
    return outcome.of(
      failing,
      `${leavers.length} leaver(s): ${leavers.length - open} fully deprovisioned, ${open} open within the ${sla} h SLA`,
      `${failing.length} of ${leavers.length} leaver(s) still active beyond the ${sla} h SLA`,
    );
  },
});
