import type { AwsConnection } from '../sources/aws/clients.js';
import { recordObservation, scopeKey } from '../kernel/runner.js';
import type { FluxConfig } from '../config/schema.js';
import type { Backend } from '../cli/backend.js';
import type { Catalog } from '../cli/catalog.js';
import { runCollection } from '../cli/ops/collect.js';
import { evaluateAllControls } from '../cli/ops/evaluate.js';
import type { Transition } from '../mapping/types.js';
import type { DemoEvent, DemoOutage } from './events.js';
import { rulesForConfig, selectCollectors } from '../cli/ops/collect.js';
import { getCollectorMeta } from '../collectors/meta-registry.js';

const DAY_MS = 86_400_000;

export interface BackfillOptions {
  readonly config: FluxConfig;
  readonly backend: Backend;
  readonly catalog: Catalog;
  readonly connection: AwsConnection;
  readonly awsEndpoint: string;
  readonly secretEnv: Readonly<Record<string, string>>;
  /** Noon UTC of each simulated day, oldest first; day -1 (before the window) is `baseline`. */
  readonly baseline: Date;
  readonly days: readonly Date[];
  readonly events: readonly DemoEvent[];
  /** Days on which collectors cannot reach their source (they run and record the failure). */
  readonly outages?: readonly DemoOutage[];
  /** Called after each simulated day (progress display). */
  readonly onDay?: (rec: DayRecord, transitions: readonly Transition[]) => void;
  /** Every this many days (and on the last day) every collector runs against the sources. */
  readonly fullEvery: number;
  /** Sets the simulated clock read by the ledger. */
  readonly setClock: (d: Date) => void;
  /**
   * Evidence another tool hands over that day (an ingested scan), after the day's collection and before its
   * evaluation; returns what it did, for the day's events.
   */
  readonly ingest?: (day: number, at: Date) => Promise<readonly string[]>;
}

interface DayRecord {
  readonly day: number;
  readonly date: string;
  readonly collection: 'full' | 'changed-sources' | 'reobserved';
  /** Collectors that could not reach their source that day. */
  readonly outage: readonly string[];
  readonly stored: number;
  readonly unchanged: number;
  readonly reobserved: number;
  readonly events: readonly string[];
  readonly ms: number;
}

export interface BackfillOutcome {
  readonly days: readonly DayRecord[];
  /** Every transition, with the simulated day it fired on (-1 = baseline, before the window). */
  readonly transitions: readonly (Transition & { readonly day: number })[];
}

/**
 * Back-fills a simulated history, one collection + evaluation per simulated day. On full days (the baseline, every
 * `fullEvery` days, the last day) every collector runs against the emulator and fixture servers; on a day with an
 * event, the event is applied to the emulator and the collectors whose source it touches run; on other days the
 * demo, the only writer to the emulator, knows every source is unchanged and records the day's scheduled run as a
 * re-observation of the latest artifact: an observation leaf in the log and the content index pointer (what the runner
 * records for unchanged content).
 * Each day ends with a signed checkpoint.
 */
export async function backfill(o: BackfillOptions): Promise<BackfillOutcome> {
  const records: DayRecord[] = [];
  const transitions: (Transition & { day: number })[] = [];
  const all = [{ day: -1, at: o.baseline }, ...o.days.map((at, day) => ({ day, at }))];
  for (const { day, at } of all) {
    const started = Date.now();
    o.setClock(at);
    const today = o.events.filter((e) => e.day === day);
    for (const e of today) await e.apply(o.awsEndpoint);
    const full = day === -1 || day === o.days.length - 1 || (day > 0 && day % o.fullEvery === 0);
    const down = (o.outages ?? []).filter((x) => day >= x.from && day <= x.to);
    const outage = [...new Set(down.flatMap((x) => x.collectors))];
    // The day after an outage the collector reaches its source again: it runs, as it would on schedule.
    const restored = (o.outages ?? []).filter((x) => day === x.to + 1).flatMap((x) => x.collectors);
    const changed = [...new Set([...today.flatMap((e) => e.collectors), ...restored])].filter(
      (c) => !outage.includes(c),
    );
    let stored = 0;
    let unchanged = 0;
    const touched = new Set<string>();
    const collect = async (
      only: readonly string[] | undefined,
      secretEnv: Readonly<Record<string, string>>,
    ) => {
      const s = await runCollection(o.config, o.backend, {
        ...(only ? { only } : {}),
        now: () => at,
        connection: o.connection,
        homeRegion: 'us-east-1',
        secretEnv,
      });
      if (s.failures.length)
        throw new Error(`day ${day}: ${s.failures.length} unit(s) not stored: ${s.failures[0]!.message}`);
      stored += s.stored;
      unchanged += s.unchanged;
      for (const r of s.results) touched.add(`${r.collector}\u0000${scopeKey(r.scope)}`);
    };
    if (outage.length) {
      // The collectors still run on schedule: they record the source's refusal, which judges as UNKNOWN.
      await collect(outage, { ...o.secretEnv, ...Object.assign({}, ...down.map((x) => x.secretEnv)) });
    }
    if (full && outage.length)
      await collect(
        selectCollectors(o.config)
          .map((c) => c.meta.id)
          .filter((id) => !outage.includes(id)),
        o.secretEnv,
      );
    else if (full) await collect(undefined, o.secretEnv);
    else if (changed.length) await collect(changed, o.secretEnv);
    const ingested = (await o.ingest?.(day, at)) ?? [];
    const reobserved = full ? 0 : await reobserveUnchanged(o.backend, touched, at);
    const out = await evaluateAllControls({
      controls: o.catalog.controls,
      rules: rulesForConfig(o.catalog.rules, o.config),
      ttlHoursOf: o.catalog.ttlHoursOf,
      evidence: o.backend.evidence,
      results: o.backend.results,
      now: () => at,
    });
    for (const t of out.transitions) transitions.push({ ...t, day });
    await o.backend.ledger.checkpoint(o.backend.signer, new Date(at.getTime() + 60_000));
    const rec: DayRecord = {
      day,
      date: at.toISOString().slice(0, 10),
      collection: full ? 'full' : changed.length ? 'changed-sources' : 'reobserved',
      outage,
      stored,
      unchanged,
      reobserved,
      events: [...today.map((e) => `${e.kind}: ${e.description}`), ...ingested.map((e) => `ingest: ${e}`)],
      ms: Date.now() - started,
    };
    records.push(rec);
    o.onDay?.(rec, out.transitions);
  }
  return { days: records, transitions };
}

/** Records a re-observation at `at` of the latest artifact of every known (collector, scope) not collected today. */
async function reobserveUnchanged(backend: Backend, touched: ReadonlySet<string>, at: Date): Promise<number> {
  await backend.evidence.refresh();
  const due: [string, string][] = [];
  for (const [collector, scopes] of backend.evidence.knownScopes()) {
    // An ingested scan is another tool's run, never re-observed by a schedule of ours.
    if (getCollectorMeta(collector)?.ingest) continue;
    for (const scope of scopes) if (!touched.has(`${collector}\u0000${scope}`)) due.push([collector, scope]);
  }
  // One at a time, in scope order: the log's order is then the same on every run.
  let done = 0;
  for (const [collector, scope] of due.sort()) {
    const latest = await backend.index.latest(collector, scope);
    if (!latest || Date.parse(latest.confirmedAt) >= at.getTime()) continue;
    // What the runner records for unchanged content: an observation leaf in the log, then the pointer (a cache).
    const when = at.toISOString();
    const logged = await recordObservation(
      {
        collector,
        scope,
        artifactSha256: latest.sha256,
        observedAt: when,
        collectedAt: when,
        runId: `demo-${when}`,
      },
      { statements: backend.blobs, ledger: backend.ledger },
    );
    await backend.index.put(collector, scope, { ...latest, confirmedAt: when, observation: logged.sha256 });
    done += 1;
  }
  return done;
}

/** Noon UTC of the `days` simulated days ending on `end`'s date, oldest first. */
export function simulatedDays(end: Date, days: number): Date[] {
  const last = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate(), 12);
  return Array.from({ length: days }, (_, i) => new Date(last - (days - 1 - i) * DAY_MS));
}
