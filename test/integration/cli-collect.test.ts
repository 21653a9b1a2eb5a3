import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  seedDemoCompany,
  MANAGEMENT_ACCOUNT_ID,
  type DemoCompanyFacts,
} from '../../shared/demo/company/index.js';
import { motoEndpoint } from '../harness/aws.js';
import { runCli } from './cli-harness.js';

/**
 * `collect` as a user runs it against their own account: credentials from the SDK's default chain (here the
 * AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY environment variables, no profile), AWS_REGION and AWS_ENDPOINT_URL
 * (the emulator, by name so S3 Control's account host resolves), and the local locker in a temporary directory.
 */
let dir: string;
let config: string;
let facts: DemoCompanyFacts;
const env = () => ({
  AWS_ENDPOINT_URL: motoEndpoint().replace('127.0.0.1', 'localhost'),
  AWS_ACCESS_KEY_ID: 'AKIAUSERDEFAULTCHAIN',
  AWS_SECRET_ACCESS_KEY: 'default-chain-secret',
  AWS_SESSION_TOKEN: undefined,
  AWS_REGION: 'us-east-1',
  AWS_PROFILE: undefined,
  NO_COLOR: '1',
});
const COLLECTORS = 'aws-s3-buckets,aws-iam-password-policy,aws-kms-keys';

beforeAll(async () => {
  facts = await seedDemoCompany({ endpoint: motoEndpoint() });
  dir = mkdtempSync(join(tmpdir(), 'cli-collect-'));
  config = join(dir, 'flux.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      locker: { path: 'locker' },
      aws: {
        accounts: { mode: 'list', ids: [MANAGEMENT_ACCOUNT_ID, facts.accounts.staging.id] },
        regions: ['us-east-1'],
      },
      frameworks: ['soc2-2017', 'iso27001-2022'],
    }),
  );
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface CollectJson {
  units: number;
  stored: number;
  unchanged: number;
  failures: unknown[];
  checkpoint?: { treeSize: number };
  coverage?: { key: string; units: { planned: number; completed: number }; notCollected: string[] };
  results: { collector: string; scope: string; outcome: string; errors: string[] }[];
}

describe('flux-evidence collect through the default credential chain', () => {
  let first: CollectJson;

  it('collects the configured accounts into the local locker and signs a checkpoint', async () => {
    const r = await runCli(['-c', config, 'collect', '--collector', COLLECTORS, '--json'], env());
    expect(r.stderr).not.toContain('flux-evidence collect:');
    expect(r.code).toBe(0);
    first = JSON.parse(r.stdout) as CollectJson;
    // s3 and password policy once per account, KMS per account and region.
    expect(first.units).toBe(6);
    expect(first.stored).toBe(6);
    expect(first.failures).toEqual([]);
    // 6 artifacts and the run's coverage attestation: every planned unit completed.
    expect(first.checkpoint?.treeSize).toBe(7);
    expect(first.coverage).toMatchObject({
      key: expect.stringMatching(/^coverage\//),
      units: { planned: 6, completed: 6 },
      notCollected: [],
    });
    const s3 = first.results.filter((x) => x.collector === 'aws-s3-buckets').map((x) => x.scope);
    expect(s3.sort()).toEqual([
      `account=${MANAGEMENT_ACCOUNT_ID},region=global`,
      `account=${facts.accounts.staging.id},region=global`,
    ]);
    expect(first.results.every((x) => x.errors.length === 0)).toBe(true);
    expect(existsSync(join(dir, 'locker', 'ledger.db'))).toBe(true);
    expect(readdirSync(join(dir, 'locker', 'evidence')).sort()).toEqual([
      'aws-iam-password-policy',
      'aws-kms-keys',
      'aws-s3-buckets',
    ]);
  });

  it('records an unchanged source as a re-observation, not a new artifact', async () => {
    const r = await runCli(['-c', config, 'collect', '--collector', COLLECTORS, '--json'], env());
    expect(r.code).toBe(0);
    const second = JSON.parse(r.stdout) as CollectJson;
    expect(second.stored).toBe(0);
    expect(second.unchanged).toBe(6);
    // Each re-observation is an observation statement leaf in the log, stored under observation/.
    expect(second.checkpoint?.treeSize).toBe(14);
    expect(
      readdirSync(join(dir, 'locker', 'observation'), { recursive: true }).filter((f) =>
        String(f).endsWith('.json'),
      ),
    ).toHaveLength(6);
  });

  it('leaves a locker that `audit` finds clean: every object logged, both checkpoints verify', async () => {
    const r = await runCli(['-c', config, 'audit', '--json'], env());
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      clean: true,
      // 6 artifacts from the first collect, 6 observation leaves from the second (the sources were unchanged),
      // and one coverage leaf per run.
      treeSize: 14,
      artifacts: 6,
      checkpoints: 2,
      problems: [],
    });
  });

  it('evaluates the evidence: DAT-01 fails naming the public bucket, transitions are printed', async () => {
    const r = await runCli(['-c', config, 'evaluate', '--json'], env());
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      results: { controlId: string; status: string; failing: { resource: string }[] }[];
      transitions: { controlId: string; kind: string; to: string }[];
    };
    const dat01 = out.results.find((x) => x.controlId === 'DAT-01')!;
    expect(dat01.status).toBe('FAIL');
    const pub = facts.s3.buckets.find((b) => b.account === MANAGEMENT_ACCOUNT_ID && b.posture === 'public')!;
    expect(dat01.failing.map((f) => f.resource)).toContain(
      `account=${MANAGEMENT_ACCOUNT_ID},region=global/${pub.name}`,
    );
    expect(out.transitions).toContainEqual(
      expect.objectContaining({ controlId: 'DAT-01', kind: 'drift', to: 'FAIL' }),
    );
    // A second evaluation of the same evidence reports no transition for DAT-01.
    const again = JSON.parse(
      (await runCli(['-c', config, 'evaluate', '--json'], env())).stdout,
    ) as typeof out;
    expect(again.transitions.find((t) => t.controlId === 'DAT-01')).toBeUndefined();
  });

  it('prints status tables with the failing resources and exits 1 while a requirement fails', async () => {
    const text = await runCli(['-c', config, 'status', '--framework', 'soc2-2017'], env());
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/\| met +\| failing +\| unknown +\| manual +\|/);
    expect(text.stdout).toContain('DAT-01');
    // The latest run's logged coverage attestation: every planned account x region was collected.
    expect(text.stdout).toMatch(
      /Latest collection run: accounts x regions collected: (\d+)\/\1; units 6\/6, missing: none/,
    );
    const json = JSON.parse((await runCli(['-c', config, 'status', '--json'], env())).stdout) as {
      frameworks: {
        framework: string;
        counts: Record<string, number>;
        failingControls: { controlId: string; resources: unknown[] }[];
      }[];
    };
    expect(json.frameworks.map((f) => f.framework)).toEqual(['iso27001-2022', 'soc2-2017']);
    for (const f of json.frameworks) {
      expect(f.counts.failing).toBeGreaterThan(0);
      expect(f.counts.manual).toBeGreaterThan(0);
      expect(f.failingControls.find((c) => c.controlId === 'DAT-01')!.resources.length).toBeGreaterThan(0);
    }
  });

  it('evaluates a window with exceptions and samples seeded by the closing checkpoint', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10);
    const r = await runCli(
      ['-c', config, 'window', '--framework', 'soc2-2017', '--from', from, '--to', today, '--json'],
      env(),
    );
    expect([0, 1]).toContain(r.code);
    const w = JSON.parse(r.stdout) as {
      controls: { controlId: string; counts: Record<string, number>; exceptions: { open: boolean }[] }[];
      samples: { controlId: string; seed: string; periods: unknown[] }[];
      checkpoint: { checkpoint: { treeSize: number } };
    };
    const dat01 = w.controls.find((c) => c.controlId === 'DAT-01')!;
    expect(dat01.counts.FAIL).toBe(1);
    expect(dat01.counts.MISSING).toBe(6);
    expect(dat01.exceptions).toEqual([expect.objectContaining({ open: true })]);
    expect(w.checkpoint.checkpoint.treeSize).toBe(14);
    expect(w.samples.find((s) => s.controlId === 'DAT-01')!.seed).toMatch(/^[0-9a-f]{64}$/);
    const again = JSON.parse(
      (
        await runCli(
          ['-c', config, 'window', '--framework', 'soc2-2017', '--from', from, '--to', today, '--json'],
          env(),
        )
      ).stdout,
    ) as typeof w;
    expect(again.samples).toEqual(w.samples);
  });

  it('writes the window as a signed snapshot from the local locker that verify accepts', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10);
    const zip = join(dir, 'snapshot.zip');
    const r = await runCli(
      [
        '-c',
        config,
        'window',
        '--framework',
        'soc2-2017',
        '--from',
        from,
        '--to',
        today,
        '--snapshot',
        zip,
        '--json',
      ],
      env(),
    );
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    const out = JSON.parse(r.stdout) as { snapshot: { path: string; artifacts: number } };
    expect(out.snapshot).toMatchObject({ path: zip });
    expect(out.snapshot.artifacts).toBeGreaterThan(0);
    // The operator prints the key fingerprint and hands it to the auditor, who pins it.
    const key = await runCli(['-c', config, 'key', 'fingerprint'], env());
    expect(key.code).toBe(0);
    expect(key.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    const v = await runCli(['verify', zip, '--key', key.stdout.trim(), '--json'], env());
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ ok: true, origin: 'pinned' });
    expect((await runCli(['verify', zip], env())).code).toBe(2);
  });
});
