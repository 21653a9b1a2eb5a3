// The org-scale benchmark in CI size (bench/org-scale-run.ts drives fan-out → collector queues → collector
// processing → sequencer on the emulator), and per-account API throttling through the fault proxy. Figures are
// printed, never asserted against a clock.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import {
  createOrgPlatform,
  memberAccounts,
  REGIONS,
  seedMemberAccounts,
  startOrgMoto,
  type OrgPlatform,
} from '../../bench/org-scale-platform.js';
import { runSchedule, type ScheduleRun } from '../../bench/org-scale-run.js';
import { COLLECTOR_MAX_CONCURRENCY } from '../../infra/constructs/collector-limits.js';
import type { MotoServer } from '../../shared/emulator/moto-server.js';
import { accountThrottle, startFaultProxy, type ApiRate } from '../harness/fault-proxy.js';

const COLLECTORS = ['aws-kms-keys', 'aws-iam-password-policy'];
/**
 * CI size: 50 accounts x 17 regions (900 units), as the issue asks; about 100 s here. Its emulator runs with the
 * benchmarks' moto-perf patch (bench/org-scale-platform.ts): unpatched, moto's SQS reads every queued message on
 * each send and receive, and this size took over 20 minutes.
 */
const CI_ACCOUNTS = 50;
/**
 * Longer than a unit usually takes on a loaded emulator; the deployed timeout is 15 minutes. The few units that
 * outlive it here are delivered again, which the assertions allow (SQS is at-least-once).
 */
const VISIBILITY_SECONDS = 30;

// Its own emulator: this worker's (bench/org-scale-platform.ts says why) would copy AWS managed policies into
// every member account.
let moto: MotoServer;
const motoEndpoint = () => moto.endpoint;
beforeAll(async () => {
  moto = await startOrgMoto();
});
afterAll(async () => {
  await moto?.stop();
});

async function evidenceObjects(p: OrgPlatform): Promise<number> {
  const s3 = new S3Client({ endpoint: motoEndpoint(), region: 'us-east-1', forcePathStyle: true });
  let n = 0;
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: p.bucket, Prefix: 'evidence/' }))
    n += page.KeyCount ?? 0;
  return n;
}

function summary(run: ScheduleRun) {
  const fates: Record<string, number> = {};
  for (const u of run.units.values()) fates[u.fate ?? 'lost'] = (fates[u.fate ?? 'lost'] ?? 0) + 1;
  const stored = (fates['stored-complete'] ?? 0) + (fates['stored-incomplete'] ?? 0);
  // A new artifact or, for a unit whose first attempt stored it before failing, an observation statement.
  return { fates, stored, leaves: stored + (fates.unchanged ?? 0) };
}

/** The last completion time (ms into the collection phase) of the units of these accounts. */
const finishedAt = (run: ScheduleRun, accounts: readonly string[]) =>
  Math.max(
    ...[...run.units.values()].filter((u) => accounts.includes(u.account)).map((u) => u.doneAtMs ?? Infinity),
  );

describe('organisation-scale schedule (moto)', () => {
  it(`collects ${CI_ACCOUNTS} accounts x 17 regions: every planned unit stored once, every leaf logged`, async () => {
    const accounts = memberAccounts(CI_ACCOUNTS);
    await seedMemberAccounts(motoEndpoint(), accounts);
    const platform = await createOrgPlatform(motoEndpoint(), 'ci', COLLECTORS, VISIBILITY_SECONDS);
    const run = await runSchedule({ platform, accounts, regions: REGIONS });
    const { fates, stored } = summary(run);
    console.log(
      `org-scale ${CI_ACCOUNTS}x${REGIONS.length}: ${run.planned} units, fates ${JSON.stringify(fates)}, ` +
        `phases ${JSON.stringify(run.phasesMs)} ms, sequencer ${JSON.stringify(run.sequencer)}, ` +
        `peak memory ${JSON.stringify(run.memory)}`,
    );
    // One unit per account and region for the regional collector, one per account for the global one.
    expect(run.planned).toBe(CI_ACCOUNTS * REGIONS.length + CI_ACCOUNTS);
    expect(run.units.size).toBe(run.planned);
    // Every unit stored its evidence once. A unit delivered again (SQS is at-least-once: a slow run outlives the
    // visibility timeout on a loaded machine) finds its source unchanged and logs an observation, as on AWS.
    const redelivered = [...run.units.values()].filter((u) => u.fate === 'unchanged');
    expect(fates['stored-complete']).toBe(run.planned - redelivered.length);
    expect(stored + redelivered.length).toBe(run.planned);
    for (const u of redelivered) expect(u.attempts).toBeGreaterThan(1);
    expect(redelivered.length).toBeLessThan(run.planned / 20); // 1.4% in the loaded 500 x 17 run
    // The log grew by one artifact leaf per unit and one observation leaf per redelivery; every object is in it.
    const leaves = run.planned + redelivered.length;
    expect(run.sequencer).toMatchObject({ appended: leaves, refused: 0, treeSize: leaves });
    expect(await evidenceObjects(platform)).toBe(run.planned);
    // FIFO groups per account: never two units of one account and collector at once.
    expect(run.maxInFlightPerAccountCollector).toBe(1);
  }, 900_000);

  it('throttled accounts: adaptive retry completes the schedule, one heavily throttled account does not hold up the others', async () => {
    const accounts = memberAccounts(6);
    const heavy = accounts[0]!;
    const others = accounts.slice(1);
    const regions = REGIONS.slice(0, 2);
    await seedMemberAccounts(motoEndpoint(), accounts);
    // Every member account has a realistic per-service budget (AWS publishes ~10-100 requests/s for these
    // read APIs); in the second run one account gets half a request per second.
    const realistic: ApiRate = { perSecond: 10, burst: 20 };
    const runWith = async (name: string, rate: (account: string) => ApiRate) => {
      const throttle = accountThrottle((account) => rate(account));
      const proxy = await startFaultProxy(motoEndpoint(), throttle.rule, throttle.observe);
      try {
        const platform = await createOrgPlatform(proxy.endpoint, name, COLLECTORS, VISIBILITY_SECONDS);
        const run = await runSchedule({ platform, accounts, regions, pollEndpoint: motoEndpoint() });
        return {
          run,
          throttled: throttle.counts(),
          assumeRoles: throttle.assumeRoles(),
          evidence: await evidenceObjects(platform),
        };
      } finally {
        await proxy.close();
      }
    };
    const base = await runWith('tb', () => realistic);
    const hot = await runWith('th', (a) => (a === heavy ? { perSecond: 0.5, burst: 1 } : realistic));
    const figures = {
      baseline: { othersFinishedMs: finishedAt(base.run, others), throttled: base.throttled },
      withHeavy: {
        othersFinishedMs: finishedAt(hot.run, others),
        heavyFinishedMs: finishedAt(hot.run, [heavy]),
        throttled: hot.throttled,
        fates: summary(hot.run).fates,
        heavyAttempts: [...hot.run.units.values()].filter((u) => u.account === heavy).map((u) => u.attempts),
      },
    };
    console.log(
      `throttling (concurrency ${COLLECTOR_MAX_CONCURRENCY} per collector): ${JSON.stringify(figures)}`,
    );

    for (const { run, evidence, assumeRoles } of [base, hot]) {
      // One AssumeRole per unit run, shared by the run's clients (functions/collector/deps.ts).
      for (const account of accounts) {
        const runs = [...run.units.values()].filter((u) => u.account === account);
        expect(assumeRoles[account]).toBe(runs.reduce((n, u) => n + u.attempts, 0));
      }
      const { fates, stored, leaves } = summary(run);
      expect(run.units.size).toBe(run.planned);
      // Every unit ends stored (complete, or with its throttled calls recorded as errors) or dead-lettered.
      expect(fates.lost).toBeUndefined();
      expect(run.sequencer).toMatchObject({ appended: leaves, refused: 0, treeSize: leaves });
      expect(evidence).toBe(stored);
      expect(run.maxInFlightPerAccountCollector).toBe(1);
    }
    // The heavy account was throttled and retried its way through; the other accounts' units were all stored
    // complete. (Completion times are printed above, not asserted: this machine's load decides them.)
    expect(hot.throttled[heavy]).toBeGreaterThan(0);
    const othersFates = [...hot.run.units.values()].filter((u) => u.account !== heavy).map((u) => u.fate);
    expect(new Set(othersFates)).toEqual(new Set(['stored-complete']));
  });
});
