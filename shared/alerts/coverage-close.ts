import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LatestArtifact } from '../kernel/content-index.js';
import type { LogAppender } from '../ledger/append-request.js';
import {
  coverageKey,
  coverageStatement,
  recordCoverage,
  type LoggedCoverage,
  type UnitReport,
} from '../ledger/coverage.js';
import type { CoveragePlan, S3CoveragePlans } from '../ledger/coverage-plan.js';
import type { BlobStore } from '../manual/types.js';
import { isConditionalCheckFailed, ValidationError } from '../errors.js';
import type { PublishOutcome } from './publish.js';
import type { GapTransition } from './types.js';

const HOUR_MS = 3_600_000;
/** How long after its plan a schedule run is closed (its units' queue retries are long over by then). */
const COVERAGE_GRACE_HOURS = 2;
/** Days of plans looked at (before the cutoff's day): a run left unclosed longer than that is not closed. */
const LOOKBACK_DAYS = 3;

/** Closed runs: `COVERAGE#<runId>` items in the ledger table (not log items: the log holds the statement). */
export class CoverageCloseStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async closed(runId: string): Promise<boolean> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(runId), ConsistentRead: true }),
    );
    return res.Item !== undefined;
  }

  /** Marks the run closed; false when another check closed it first. */
  async close(runId: string, logged: { sha256: string; key: string }): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...this.key(runId), sha256: logged.sha256, statementKey: logged.key },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
      return false;
    }
  }

  private key(runId: string) {
    return { pk: `COVERAGE#${runId}`, sk: 'COVERAGE' };
  }
}

export interface CoverageCloseDeps {
  readonly plans: Pick<S3CoveragePlans, 'list' | 'get'>;
  readonly closedRuns: Pick<CoverageCloseStore, 'closed' | 'close'>;
  readonly index: { latest(collector: string, scope: string): Promise<LatestArtifact | undefined> };
  /** Where the statement is stored create-only (`coverage/…`). */
  readonly statements: Pick<BlobStore, 'put'>;
  /** The append queue to the sequencer (never the log itself). */
  readonly ledger: LogAppender;
  readonly publish: (t: GapTransition) => Promise<PublishOutcome>;
  /** A unit's TTL and the automated controls that read its collector, for the alert. */
  readonly alertFacts: (collector: string) => { ttlHours: number; controlIds: readonly string[] };
  readonly now: () => Date;
  readonly graceHours?: number;
}

export interface CoverageCloseOutcome {
  readonly closed: readonly LoggedCoverage[];
  /** Units announced as not completed (`<collector> <scope>`). */
  readonly announced: readonly string[];
  /** Plans that could not be read or are malformed (`<key>: <error>`); left in place, retried next check. */
  readonly unreadable: readonly string[];
}

/**
 * A unit completed when its latest evidence is from this run: stored (observedAt) or re-observed (confirmedAt) at or
 * after the plan's time. The content index carries no source errors, so a unit that stored evidence reads completed
 * here; the errors are in the cited evidence itself.
 */
function reportOf(latest: LatestArtifact | undefined, plannedAt: number): UnitReport | undefined {
  if (!latest) return undefined;
  if (Date.parse(latest.observedAt) >= plannedAt)
    return { outcome: 'stored', evidence: latest.sha256, errors: [] };
  if (latest.confirmedAt && Date.parse(latest.confirmedAt) >= plannedAt)
    return { outcome: 'observed', evidence: latest.observation ?? latest.sha256, errors: [] };
  return undefined;
}

async function closeRun(deps: CoverageCloseDeps, plan: CoveragePlan, closedAt: Date) {
  const plannedAt = Date.parse(plan.plannedAt);
  const reports = new Map<string, UnitReport>();
  for (const u of plan.units) {
    const report = reportOf(await deps.index.latest(u.collector, u.scope), plannedAt);
    if (report) reports.set(coverageKey(u.collector, u.scope), report);
  }
  const statement = coverageStatement({
    runId: plan.runId,
    plannedAt: plan.plannedAt,
    completedAt: closedAt.toISOString(),
    planned: plan.units,
    reports,
    faults: new Map(),
  });
  // Stored and queued before the run is marked closed: a crash in between closes it again on the next check.
  const logged = await recordCoverage(statement, { statements: deps.statements, ledger: deps.ledger });
  await deps.closedRuns.close(plan.runId, logged);
  const announced: string[] = [];
  for (const u of statement.units.filter((x) => x.status !== 'completed')) {
    const facts = deps.alertFacts(u.collector);
    const res = await deps.publish({
      kind: 'evidence-gap',
      collector: u.collector,
      scope: u.scope,
      // The run's plan time: one alert per run and unit (the claim key carries it).
      openedAt: plan.plannedAt,
      at: closedAt.toISOString(),
      ttlHours: facts.ttlHours,
      controlIds: facts.controlIds,
    });
    if (res.status === 'sent') announced.push(`${u.collector} ${u.scope}`);
  }
  return { logged, announced };
}

/**
 * Closes every schedule run whose plan is older than the grace period and has no coverage statement yet: records
 * which planned units completed (a coverage leaf through the append queue) and alerts once per unit that did not.
 */
export async function closeCoverage(deps: CoverageCloseDeps): Promise<CoverageCloseOutcome> {
  const now = deps.now();
  const cutoff = now.getTime() - (deps.graceHours ?? COVERAGE_GRACE_HOURS) * HOUR_MS;
  const closed: LoggedCoverage[] = [];
  const announced: string[] = [];
  const days = Array.from({ length: LOOKBACK_DAYS + 1 }, (_, i) =>
    new Date(cutoff - i * 24 * HOUR_MS).toISOString().slice(0, 10),
  );
  const unreadable: string[] = [];
  for await (const key of deps.plans.list(days)) {
    let plan: CoveragePlan;
    try {
      plan = await deps.plans.get(key);
    } catch (error) {
      // One bad plan does not hold up the others' attestations.
      if (!(error instanceof ValidationError)) throw error;
      unreadable.push(`${key}: ${error.issues.join('; ')}`);
      continue;
    }
    if (Date.parse(plan.plannedAt) > cutoff || (await deps.closedRuns.closed(plan.runId))) continue;
    const out = await closeRun(deps, plan, now);
    closed.push(out.logged);
    announced.push(...out.announced);
  }
  return { closed, announced, unreadable };
}
