import type * as z from 'zod';
import { loadControls } from '../../frameworks/index.js';
import type { GapCheckDeps } from '../../shared/alerts/evidence-gap.js';
import { GapStore } from '../../shared/alerts/gap-store.js';
import { publishTransition } from '../../shared/alerts/publish.js';
import { DynamoContentIndex } from '../../shared/collectors/content-index.js';
import { collectorMetas } from '../../shared/collectors/meta-registry.js';
import { rules } from '../../shared/rules/registry.js';
import { AlertsEnvSchema, buildPublishDeps, type AlertsEnv } from '../../shared/alerts/env.js';
import { collectorIdsEnv } from '../env.js';

/** The evidence-gap check's environment: the alerts settings plus the collectors that are scheduled. */
export const GapEnvSchema = AlertsEnvSchema.extend({
  /** Enabled collector ids, comma-separated; every registered collector when absent. */
  ENABLED_COLLECTORS: collectorIdsEnv.optional(),
});
export type GapEnv = z.infer<typeof GapEnvSchema>;

/** Builds the check's dependencies: the gap and content index in the ledger table, and the alert channels. */
export function buildGapDeps(env: GapEnv): GapCheckDeps {
  const publishDeps = buildPublishDeps(env as AlertsEnv);
  const enabled = collectorMetas.filter(
    (m) => !env.ENABLED_COLLECTORS || env.ENABLED_COLLECTORS.includes(m.id),
  );
  return {
    gaps: new GapStore(publishDeps.doc, env.TABLE_NAME),
    index: new DynamoContentIndex(publishDeps.doc, env.TABLE_NAME),
    collectors: enabled.map((m) => ({ id: m.id, ttlHours: m.ttlHours })),
    controls: loadControls(),
    rules,
    publish: (t) => publishTransition(publishDeps, t),
    now: () => new Date(),
  };
}
