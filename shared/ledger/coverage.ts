import { statementKey } from '../manual/files.js';
import type { BlobStore } from '../manual/types.js';
import type { LogAppender } from './append-request.js';
import { COVERAGE_COLLECTOR, coverageScope } from './append-request.js';
import { decodeLeaf, encodeStatement, LEAF_SCHEMA, type StatementOf } from './leaf.js';
import { leafHash } from './merkle.js';
import type { Ledger } from './types.js';

/**
 * Coverage attestation: one `coverage` statement leaf per schedule run says which units (collector x account x
 * region, or x org/tenant) the run planned, and for each whether it completed (evidence stored or re-observed, with
 * the log identity of that evidence), failed (with the reason) or never reported (missing). An auditor reads from
 * the log itself that every planned account and region was collected, or which were not and why.
 */
export type CoverageStatement = StatementOf<'coverage'>;
type CoverageUnit = CoverageStatement['units'][number];

/** A planned unit: the collector and the canonical scope key (`account=…,region=…`). */
export interface PlannedUnit {
  readonly collector: string;
  readonly scope: string;
}

/** What became of a unit that reported: its evidence, and the source errors it recorded (empty when complete). */
export interface UnitReport {
  readonly outcome: 'stored' | 'observed';
  readonly evidence: string;
  readonly errors: readonly string[];
}

/** A unit that could not record evidence at all (store, log or credential failure). */
export interface UnitFault {
  readonly reason: string;
}

const unitKey = (u: PlannedUnit) => `${u.collector}\u0000${u.scope}`;
const MAX_REASON = 300;
const cut = (s: string) => (s.length > MAX_REASON ? `${s.slice(0, MAX_REASON - 1)}…` : s);

/**
 * The coverage statement of a run: every planned unit, in a fixed order, with what became of it. A unit with a
 * report whose evidence records source errors is `failed` (its evidence is cited: the errors are in it); a unit
 * with a fault is `failed` with the fault's reason; a unit with neither is `missing`.
 */
export function coverageStatement(run: {
  readonly runId: string;
  readonly plannedAt: string;
  readonly completedAt: string;
  readonly planned: readonly PlannedUnit[];
  readonly reports: ReadonlyMap<string, UnitReport>;
  readonly faults: ReadonlyMap<string, UnitFault>;
}): CoverageStatement {
  const seen = new Set<string>();
  const units: CoverageUnit[] = [];
  const planned = [...run.planned].sort((a, b) => unitKey(a).localeCompare(unitKey(b)));
  for (const p of planned) {
    const k = unitKey(p);
    if (seen.has(k)) continue;
    seen.add(k);
    const report = run.reports.get(k);
    const fault = run.faults.get(k);
    if (report) {
      const failed = report.errors.length > 0;
      units.push({
        collector: p.collector,
        scope: p.scope,
        status: failed ? 'failed' : 'completed',
        outcome: report.outcome,
        evidence: report.evidence,
        ...(failed ? { reason: cut(`source errors: ${report.errors.join(', ')}`) } : {}),
      });
    } else if (fault) {
      units.push({ collector: p.collector, scope: p.scope, status: 'failed', reason: cut(fault.reason) });
    } else {
      units.push({
        collector: p.collector,
        scope: p.scope,
        status: 'missing',
        reason: 'no evidence recorded for this run',
      });
    }
  }
  return {
    leaf: LEAF_SCHEMA,
    kind: 'coverage',
    runId: run.runId,
    plannedAt: run.plannedAt,
    completedAt: run.completedAt,
    units,
  };
}

/** Key for a unit's report or fault in {@link coverageStatement}'s maps. */
export const coverageKey = (collector: string, scope: string): string => unitKey({ collector, scope });

export interface LoggedCoverage {
  readonly sha256: string;
  readonly key: string;
  readonly index?: number;
  readonly statement: CoverageStatement;
}

/**
 * Stores the statement create-only under `coverage/` (store first: a logged leaf is always readable), then hands it
 * to the log appender (the sequencer's queue in a deployment, the checked in-process step in the local locker).
 */
export async function recordCoverage(
  statement: CoverageStatement,
  deps: { readonly statements: Pick<BlobStore, 'put'>; readonly ledger: LogAppender },
): Promise<LoggedCoverage> {
  const { bytes, sha256 } = encodeStatement(statement);
  const key = statementKey('coverage', statement.completedAt, sha256);
  await deps.statements.put(key, bytes, 'application/json');
  const appended = await deps.ledger.append({
    sha256,
    key,
    collector: COVERAGE_COLLECTOR,
    scope: coverageScope(statement.runId),
    observedAt: statement.completedAt,
    collectedAt: statement.completedAt,
    leafHash: leafHash(bytes).toString('hex'),
  });
  return { sha256, key, statement, ...(appended.index !== undefined ? { index: appended.index } : {}) };
}

export interface CoverageSummary {
  readonly runId: string;
  readonly completedAt: string;
  /** Distinct account x region pairs planned, and those whose every planned unit completed. */
  readonly pairs: { readonly planned: number; readonly collected: number };
  /** Other scopes (GitHub org, identity-provider tenant) planned and completed. */
  readonly sources: { readonly planned: number; readonly collected: number };
  readonly units: { readonly planned: number; readonly completed: number };
  /** Each unit that did not complete: `<collector> <scope>: <status> (<reason>)`. */
  readonly notCollected: readonly string[];
}

function pairOf(scope: string): string | undefined {
  const parts = Object.fromEntries(scope.split(',').map((kv) => kv.split('=') as [string, string]));
  return parts.account ? `${parts.account}/${parts.region ?? 'global'}` : undefined;
}

/** Counts a coverage statement by account x region pair (a pair is collected when all of its units completed). */
export function summarizeCoverage(s: CoverageStatement): CoverageSummary {
  const pairs = new Map<string, boolean>();
  const sources = new Map<string, boolean>();
  for (const u of s.units) {
    const pair = pairOf(u.scope);
    const m = pair ? pairs : sources;
    const k = pair ?? `${u.collector} ${u.scope}`;
    m.set(k, (m.get(k) ?? true) && u.status === 'completed');
  }
  const collected = (m: Map<string, boolean>) => [...m.values()].filter(Boolean).length;
  return {
    runId: s.runId,
    completedAt: s.completedAt,
    pairs: { planned: pairs.size, collected: collected(pairs) },
    sources: { planned: sources.size, collected: collected(sources) },
    units: { planned: s.units.length, completed: s.units.filter((u) => u.status === 'completed').length },
    notCollected: s.units
      .filter((u) => u.status !== 'completed')
      .map((u) => `${u.collector} ${u.scope}: ${u.status}${u.reason ? ` (${u.reason})` : ''}`),
  };
}

/** One line for people: `accounts x regions collected: N/M, missing: …`. */
export function coverageLine(s: CoverageSummary, show = 5): string {
  const missing = s.notCollected.length
    ? `, not collected: ${s.notCollected.slice(0, show).join('; ')}${s.notCollected.length > show ? `; … ${s.notCollected.length - show} more` : ''}`
    : ', missing: none';
  const other = s.sources.planned ? `; other sources ${s.sources.collected}/${s.sources.planned}` : '';
  return `accounts x regions collected: ${s.pairs.collected}/${s.pairs.planned}${other}; units ${s.units.completed}/${s.units.planned}${missing} (run ${s.runId})`;
}

/**
 * The most recent logged coverage statement (by completion time), found through the store's `coverage/` prefix and
 * looked up in the log by hash; a statement stored but never appended is skipped, one whose bytes do not match the
 * log is refused by the store's rehash.
 */
export async function latestCoverage(
  ledger: Pick<Ledger, 'get'>,
  blobs: Pick<BlobStore, 'list' | 'get'>,
): Promise<CoverageStatement | undefined> {
  let latest: CoverageStatement | undefined;
  for await (const key of blobs.list('coverage')) {
    const sha = /([0-9a-f]{64})\.json$/.exec(key)?.[1];
    const entry = sha ? await ledger.get(sha) : undefined;
    if (!entry || entry.key !== key) continue;
    // The store rehashes the bytes against the log's SHA-256; decodeLeaf validates the statement.
    const parsed = decodeLeaf(await blobs.get(key, entry.sha256));
    if (parsed.kind !== 'coverage') continue;
    if (!latest || parsed.completedAt > latest.completedAt) latest = parsed;
  }
  return latest;
}
