import pLimit from 'p-limit';
import type { LatestArtifact } from '../kernel/content-index.js';
import { controlsReading, evaluateAndRecord, type MapDeps } from '../mapping/map-artifact.js';
import type { Transition } from '../mapping/types.js';
import type { ControlDef } from '../mapping/types.js';
import type { Rule } from '../rules/types.js';
import type { GapStore } from './gap-store.js';
import type { PublishOutcome } from './publish.js';
import type { GapTransition } from './types.js';

const HOUR_MS = 3_600_000;

/** What the scheduled evidence-gap check needs. */
export interface GapCheckDeps {
  readonly gaps: GapStore;
  /** The content index (`LATEST#<collector>#<scope>` items). */
  readonly index: { latest(collector: string, scope: string): Promise<LatestArtifact | undefined> };
  /** Enabled collectors with their evidence time to live. */
  readonly collectors: ReadonlyArray<{ readonly id: string; readonly ttlHours: number }>;
  readonly controls: readonly ControlDef[];
  readonly rules?: readonly Rule[];
  /** Publishes once per transition (publishTransition with its deps bound). */
  readonly publish: (t: GapTransition) => Promise<PublishOutcome>;
  readonly now: () => Date;
  /** Scopes checked in parallel (default 8). */
  readonly concurrency?: number;
  /**
   * Where control results live: when given, every control reading a collector with an open gap is re-evaluated
   * and its stored state follows the evidence (UNKNOWN, with the staleness as its reason) without waiting for the
   * mapper, which only runs when new evidence arrives.
   */
  readonly states?: Pick<MapDeps, 'evidence' | 'results' | 'ttlHoursOf' | 'thresholds'>;
}

/** The result of one check. */
export interface GapCheckOutcome {
  /** (collector, scope) pairs examined, including `*` for collectors without any scope. */
  readonly checked: number;
  /** Gaps open after the check. */
  readonly open: readonly GapTransition[];
  /** Transitions announced by this check (openings and closings). */
  readonly announced: readonly GapTransition[];
  /** Control state changes caused by open gaps (empty without `states`). */
  readonly stateChanges: readonly Transition[];
}

interface Observation {
  readonly collector: string;
  readonly ttlHours: number;
  readonly scope: string;
  readonly latest?: LatestArtifact;
  /** Epoch ms of the last fresh evidence; undefined when never observed. */
  readonly freshAt?: number;
  /** For a scope-less collector: when it was first expected. */
  readonly expectedSince?: number;
}

const freshOf = (l: LatestArtifact) =>
  Math.max(Date.parse(l.observedAt), Date.parse(l.confirmedAt || l.observedAt));

/**
 * Finds evidence gaps: for every enabled collector and every scope it has reported (`SCOPES#<collector>`), the
 * latest artifact's max(observedAt, confirmedAt) older than the collector's TTL opens a gap
 * (`GAP#<collector>#<scope>`, conditional) and announces EVIDENCE_GAP once; fresh evidence for an open gap
 * announces EVIDENCE_RESTORED and closes it. A collector with no scope at all is expected to have produced
 * evidence one TTL after the first check saw it (scope `*`). Re-running the check announces nothing new.
 */
export async function checkEvidenceGaps(deps: GapCheckDeps): Promise<GapCheckOutcome> {
  const now = deps.now();
  const limit = pLimit(deps.concurrency ?? 8);
  const targets: Array<{ collector: string; ttlHours: number; scope: string; expectedSince?: number }> = [];
  for (const c of deps.collectors) {
    const scopes = await deps.gaps.scopes(c.id);
    const base = { collector: c.id, ttlHours: c.ttlHours };
    if (scopes.length === 0) {
      targets.push({ ...base, scope: '*', expectedSince: Date.parse(await deps.gaps.watchSince(c.id, now)) });
    } else {
      // `*` is fresh once any scope has reported: a scope-less gap opened earlier closes.
      targets.push({ ...base, scope: '*' }, ...scopes.map((scope) => ({ ...base, scope })));
    }
  }
  const results = await Promise.all(
    targets.map((t) =>
      limit(async () => {
        if (t.scope === '*' && t.expectedSince === undefined) {
          return judge(deps, { ...t, freshAt: now.getTime() }, now);
        }
        const latest = t.scope === '*' ? undefined : await deps.index.latest(t.collector, t.scope);
        return judge(deps, { ...t, ...(latest ? { latest, freshAt: freshOf(latest) } : {}) }, now);
      }),
    ),
  );
  const open = results.flatMap((r) => (r.open ? [r.open] : []));
  return {
    checked: targets.filter((t) => t.scope !== '*' || t.expectedSince !== undefined).length,
    open,
    announced: results.flatMap((r) => r.announced),
    stateChanges: await followEvidence(deps, open),
  };
}

/** Re-evaluates the controls that read a collector with an open gap, so their stored state says so. */
async function followEvidence(deps: GapCheckDeps, open: readonly GapTransition[]): Promise<Transition[]> {
  if (!deps.states || open.length === 0) return [];
  const ids = new Set(open.flatMap((g) => g.controlIds));
  const affected = deps.controls.filter((c) => ids.has(c.id) && c.automation?.toLowerCase() !== 'manual');
  const out = await evaluateAndRecord(
    { ...deps.states, controls: deps.controls, rules: deps.rules ?? [], now: deps.now },
    affected,
  );
  return [...out.transitions];
}

async function judge(
  deps: GapCheckDeps,
  o: Observation,
  now: Date,
): Promise<{ open?: GapTransition; announced: GapTransition[] }> {
  const ttlMs = o.ttlHours * HOUR_MS;
  const startMs = o.freshAt !== undefined ? o.freshAt + ttlMs : (o.expectedSince ?? now.getTime()) + ttlMs;
  const stale = now.getTime() > startMs;
  const controlIds = controlsReading(o.collector, deps.controls, deps.rules ?? []).map((c) => c.id);
  const lastEvidenceAt = o.freshAt !== undefined && o.latest ? new Date(o.freshAt).toISOString() : undefined;
  const common = {
    collector: o.collector,
    scope: o.scope,
    ttlHours: o.ttlHours,
    controlIds,
    ...(lastEvidenceAt ? { lastEvidenceAt } : {}),
    ...(o.latest ? { artifact: { sha256: o.latest.sha256, key: o.latest.key } } : {}),
  };
  const existing = await deps.gaps.get(o.collector, o.scope);
  if (stale) {
    const openedAt = new Date(startMs).toISOString();
    const gap =
      existing ??
      (await deps.gaps.open({
        collector: o.collector,
        scope: o.scope,
        openedAt,
        ...(lastEvidenceAt ? { lastEvidenceAt } : {}),
      }));
    const t: GapTransition = { ...common, kind: 'evidence-gap', openedAt: gap.openedAt, at: gap.openedAt };
    if (gap.announced) return { open: t, announced: [] };
    const res = await deps.publish(t);
    // Another check holds the claim: leave the gap unannounced so a later run finishes it if that one fails.
    if (res.status !== 'in-progress') await deps.gaps.markAnnounced(o.collector, o.scope);
    return { open: t, announced: res.status === 'sent' ? [t] : [] };
  }
  if (!existing) return { announced: [] };
  const at = new Date(o.freshAt ?? now.getTime()).toISOString();
  const t: GapTransition = { ...common, kind: 'evidence-restored', openedAt: existing.openedAt, at };
  // Announce before closing: a crash in between leaves the gap open, and the retry's announcement is a duplicate.
  const res = existing.announced ? await deps.publish(t) : undefined;
  await deps.gaps.close(o.collector, o.scope, existing.openedAt);
  return { announced: res?.status === 'sent' ? [t] : [] };
}
