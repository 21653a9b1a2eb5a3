import { describe, expect, it } from '@jest/globals';
import { MemoryContentIndex } from '../kernel/content-index.js';
import { MemoryAppendQueue, parseAppendRequest, queueAppender } from '../ledger/append-request.js';
import type { CoveragePlan } from '../ledger/coverage-plan.js';
import { decodeLeaf } from '../ledger/leaf.js';
import { closeCoverage, type CoverageCloseDeps } from './coverage-close.js';
import { ValidationError } from '../errors.js';
import type { GapTransition } from './types.js';

const HOUR_MS = 3_600_000;
const NOW = new Date('2026-03-02T12:00:00.000Z');
const at = (hoursBefore: number) => new Date(NOW.getTime() - hoursBefore * HOUR_MS).toISOString();
const scope = (account: string) => `account=${account},region=eu-west-1`;
const plan = (collector: string, hoursBefore: number, accounts: string[]): CoveragePlan => ({
  runId: `schedule:${collector}:${at(hoursBefore)}`,
  plannedAt: at(hoursBefore),
  units: accounts.map((a) => ({ collector, scope: scope(a) })),
});

function harness(plans: CoveragePlan[]) {
  const byKey = new Map(plans.map((p) => [`coverage-plan/${p.plannedAt.slice(0, 10)}/${p.runId}.json`, p]));
  const closed = new Map<string, string>();
  const stored = new Map<string, Buffer>();
  const queue = new MemoryAppendQueue();
  const published: GapTransition[] = [];
  const index = new MemoryContentIndex();
  const deps: CoverageCloseDeps = {
    plans: {
      async *list(days) {
        for (const k of byKey.keys()) if (days.some((d) => k.startsWith(`coverage-plan/${d}/`))) yield k;
      },
      get: (k) => Promise.resolve(byKey.get(k)!),
    },
    closedRuns: {
      closed: (runId) => Promise.resolve(closed.has(runId)),
      close: (runId, logged) => Promise.resolve(!closed.has(runId) && !!closed.set(runId, logged.sha256)),
    },
    index,
    statements: { put: (k, bytes) => Promise.resolve({ created: !stored.has(k) && !!stored.set(k, bytes) }) },
    ledger: queueAppender(queue),
    publish: (t) => {
      published.push(t);
      return Promise.resolve({
        status: 'sent' as const,
        kind: 'EVIDENCE_GAP' as const,
        key: t.collector,
        channels: [],
      });
    },
    alertFacts: () => ({ ttlHours: 36, controlIds: ['IAM-01'] }),
    now: () => NOW,
  };
  return { deps, index, queue, stored, published, closed };
}

describe('closeCoverage', () => {
  it('judges each unit from the content index at the plan time, and leaves runs inside the grace period open', async () => {
    const old = plan('aws-iam-users', 3, ['111111111111', '222222222222', '333333333333']);
    const recent = plan('aws-iam-users', 1, ['111111111111']);
    const h = harness([old, recent]);
    const latest = (sha: string, observedAt: string, confirmedAt: string, observation?: string) => ({
      sha256: sha.repeat(64),
      key: `evidence/aws-iam-users/x_${sha.repeat(64)}.json`,
      contentHash: 'c'.repeat(64),
      observedAt,
      confirmedAt,
      ...(observation ? { observation: observation.repeat(64) } : {}),
    });
    // Stored during the run; re-observed during the run; last seen before the run (did not complete).
    await h.index.put('aws-iam-users', scope('111111111111'), latest('a', at(2.5), at(2.5)));
    await h.index.put('aws-iam-users', scope('222222222222'), latest('b', at(30), at(2.9), 'd'));
    await h.index.put('aws-iam-users', scope('333333333333'), latest('e', at(30), at(26)));

    const out = await closeCoverage(h.deps);

    expect(out.closed.map((c) => c.statement.runId)).toEqual([old.runId]);
    expect(out.closed[0]!.statement.units).toEqual([
      expect.objectContaining({
        scope: scope('111111111111'),
        status: 'completed',
        evidence: 'a'.repeat(64),
      }),
      expect.objectContaining({
        scope: scope('222222222222'),
        status: 'completed',
        outcome: 'observed',
        evidence: 'd'.repeat(64),
      }),
      expect.objectContaining({ scope: scope('333333333333'), status: 'missing' }),
    ]);
    // Stored, then queued as a coverage statement request the sequencer accepts.
    const [queued] = await h.queue.receive(10);
    const request = parseAppendRequest(queued!.body);
    expect(request).toMatchObject({ collector: 'coverage', scope: `run=${old.runId}` });
    expect(decodeLeaf(h.stored.get(request.key)!)).toMatchObject({ kind: 'coverage', runId: old.runId });
    expect(h.published).toEqual([
      expect.objectContaining({
        kind: 'evidence-gap',
        collector: 'aws-iam-users',
        scope: scope('333333333333'),
        openedAt: old.plannedAt,
      }),
    ]);
    expect(out.announced).toEqual([`aws-iam-users ${scope('333333333333')}`]);

    // Closed once: a second check stores, queues and announces nothing.
    const again = await closeCoverage(h.deps);
    expect(again).toEqual({ closed: [], announced: [], unreadable: [] });
    expect(h.queue.size).toBe(1);
    expect(h.published).toHaveLength(1);
  });

  it('names a malformed plan and still closes the others', async () => {
    const good = plan('aws-iam-users', 3, ['111111111111']);
    const h = harness([good]);
    const deps: CoverageCloseDeps = {
      ...h.deps,
      plans: {
        async *list(days) {
          yield `coverage-plan/${days[0]}/broken.json`;
          yield* h.deps.plans.list(days);
        },
        get: (k) =>
          k.endsWith('broken.json')
            ? Promise.reject(new ValidationError(`coverage plan ${k}`, ['plannedAt: Invalid ISO datetime']))
            : h.deps.plans.get(k),
      },
    };
    const out = await closeCoverage(deps);
    expect(out.unreadable).toEqual([expect.stringMatching(/broken\.json: plannedAt: Invalid ISO datetime$/)]);
    expect(out.closed.map((c) => c.statement.runId)).toEqual([good.runId]);
  });
});
