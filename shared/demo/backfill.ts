import type { AwsConnection } from '../collectors/aws-clients.js';
import { scopeKey } from '../collectors/runner.js';
import type { FluxConfig } from '../config/schema.js';
import type { Backend } from '../cli/backend.js';
import type { Catalog } from '../cli/catalog.js';
import { runCollection } from '../cli/ops/collect.js';
import { evaluateAllControls } from '../cli/ops/evaluate.js';
import type { Transition } from '../mapping/types.js';
import type { DemoEvent } from './events.js';
import { rulesForConfig } from '../cli/ops/collect.js';

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
  /** Every this many days (and on the last day) every collector runs against the sources. */
  readonly fullEvery: number;
  /** Sets the simulated clock read by the ledger. */
  readonly setClock: (d: Date) => void;
  readonly log: (line: string) => void;
}

export interface DayRecord {
  readonly day: number;
  readonly date: string;
  readonly collection: 'full' | 'changed-sources' | 'reobserved';
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
 * re-observation of the latest artifact through the content index (what the runner records for unchanged content).
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
    const only = full ? undefined : [...new Set(today.flatMap((e) => e.collectors))];
    let stored = 0;
    let unchanged = 0;
    const touched = new Set<string>();
    if (full || only!.length) {
      const s = await runCollection(o.config, o.backend, {
        ...(only ? { only } : {}),
        now: () => at,
        connection: o.connection,
        homeRegion: 'us-east-1',
        secretEnv: o.secretEnv,
      });
      if (s.failures.length)
        throw new Error(`day ${day}: ${s.failures.length} unit(s) not stored: ${s.failures[0]!.message}`);
      stored = s.stored;
      unchanged = s.unchanged;
      for (const r of s.results) touched.add(`${r.collector}\u0000${scopeKey(r.scope)}`);
    }
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
      collection: full ? 'full' : only!.length ? 'changed-sources' : 'reobserved',
      stored,
      unchanged,
      reobserved,
      events: today.map((e) => `${e.kind}: ${e.description}`),
      ms: Date.now() - started,
    };
    records.push(rec);
    if (full || today.length || out.transitions.length) {
      o.log(
        `day ${String(day).padStart(3)} ${rec.date} ${rec.collection.padEnd(15)} stored ${stored}, unchanged ${unchanged}, re-observed ${reobserved}, ${rec.ms} ms` +
          (out.transitions.length
            ? `; transitions: ${out.transitions.map((t) => `${t.controlId} ${t.from ?? 'NEW'}->${t.to}`).join(', ')}`
            : ''),
      );
    }
  }
  return { days: records, transitions };
}

/** Records a re-observation at `at` of the latest artifact of every known (collector, scope) not collected today. */
async function reobserveUnchanged(backend: Backend, touched: ReadonlySet<string>, at: Date): Promise<number> {
  await backend.evidence.refresh();
  let n = 0;
  for (const [collector, scopes] of backend.evidence.knownScopes()) {
    for (const scope of scopes) {
      if (touched.has(`${collector}\u0000${scope}`)) continue;
      const latest = await backend.index.latest(collector, scope);
      if (!latest || Date.parse(latest.confirmedAt) >= at.getTime()) continue;
      await backend.index.put(collector, scope, { ...latest, confirmedAt: at.toISOString() });
      n++;
    }
  }
  return n;
}

/** Noon UTC of the `days` simulated days ending on `end`'s date, oldest first. */
export function simulatedDays(end: Date, days: number): Date[] {
  const last = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate(), 12);
  return Array.from({ length: days }, (_, i) => new Date(last - (days - 1 - i) * DAY_MS));
}
