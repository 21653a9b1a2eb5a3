import type { EvidenceLoader } from '../mapping/evidence-loader.js';
import { freshAt } from '../mapping/engine.js';
import { IDENTITY_COLLECTORS, type IdentityCollectorId, type IdentitySources } from './sources.js';

/**
 * Loads the latest artifact of every scope of the identity collectors (`only`: the configured ones; default all), for
 * `extras.identitySources`. Each input's `observedAt` is when its facts were last seen to hold (a re-observation of
 * unchanged content counts).
 */
export async function loadIdentitySources(
  loader: Pick<EvidenceLoader, 'latest'>,
  only: readonly IdentityCollectorId[] = IDENTITY_COLLECTORS,
): Promise<IdentitySources> {
  const out: Record<string, IdentitySources[string]> = {};
  for (const id of only) {
    const latest = await loader.latest(id);
    if (latest.length === 0) continue;
    out[id] = latest.map((e) => ({
      scope: e.scope,
      sha256: e.sha256,
      observedAt: new Date(freshAt(e)).toISOString(),
      data: e.data,
      complete: e.complete,
      errors: e.errors,
    }));
  }
  return out;
}
