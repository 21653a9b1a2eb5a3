import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCli } from './cli-harness.js';

let dir: string;
let config: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-commands-'));
  config = join(dir, 'flux.config.json');
  writeFileSync(config, JSON.stringify({ locker: { path: 'locker' }, frameworks: ['soc2-2017'] }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('flux-evidence commands', () => {
  it.each(['collect', 'evaluate', 'status', 'explain', 'window', 'demo', 'verify'])(
    'prints --help for %s and exits 0',
    async (cmd) => {
      const r = await runCli([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: flux-evidence ${cmd}`);
      expect(r.stdout).toContain('--json');
      if (cmd !== 'verify') expect(r.stdout).toMatch(/Exit codes: 0 /);
    },
  );

  it('exits 2 with a clear message for wrong arguments', async () => {
    const unknownOption = await runCli(['-c', config, 'status', '--bogus']);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("unknown option '--bogus'");

    const framework = await runCli([
      '-c',
      config,
      'window',
      '--framework',
      'pci-dss',
      '--from',
      '2026-01-01',
      '--to',
      '2026-01-31',
    ]);
    expect(framework.code).toBe(2);
    expect(framework.stderr).toMatch(
      /--framework: unknown framework pci-dss \(known: iso27001-2022, soc2-2017/,
    );

    const dates = await runCli([
      '-c',
      config,
      'window',
      '--framework',
      'soc2-2017',
      '--from',
      '2026-02-01',
      '--to',
      '2026-01-01',
    ]);
    expect(dates.code).toBe(2);
    expect(dates.stderr).toContain('flux-evidence window:');

    const noDates = await runCli(['-c', config, 'window', '--framework', 'soc2-2017']);
    expect(noDates.code).toBe(2);
    expect(noDates.stderr).toContain('--from: required');
    expect(noDates.stderr).toContain('--to: required');

    const at = await runCli(['-c', config, 'evaluate', '--at', 'yesterday-ish']);
    expect(at.code).toBe(2);
    expect(at.stderr).toContain('--at: not an ISO-8601 date or instant');

    const collector = await runCli([
      '-c',
      config,
      'collect',
      '--collector',
      'aws-s3-buckets,no-such-thing,github-org',
    ]);
    expect(collector.code).toBe(2);
    expect(collector.stderr).toContain('--collector no-such-thing: no such collector');
    expect(collector.stderr).toContain('--collector github-org: its source (github) is not configured');

    const days = await runCli(['demo', '--days', 'many']);
    expect(days.code).toBe(2);
    expect(days.stderr).toContain('--days: must be an integer');
  });

  it('exits 2 for a missing config file named with --config', async () => {
    const r = await runCli(['-c', join(dir, 'nope.json'), 'status']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.json: cannot be read');
  });

  it('exits 2 listing every problem of a broken config', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(
      broken,
      JSON.stringify({
        aws: { regions: ['mars-1'], concurrency: 0 },
        locker: 5,
        frameworks: ['pci'],
        typo: true,
      }),
    );
    const r = await runCli(['-c', broken, 'evaluate', '--json']);
    expect(r.code).toBe(2);
    for (const key of ['aws.regions.0', 'aws.concurrency', 'locker', 'frameworks.0', 'typo'])
      expect(r.stderr).toContain(key);
    expect(r.stdout).toBe('');

    const notJson = join(dir, 'not-json.json');
    writeFileSync(notJson, '{ "locker": ');
    const j = await runCli(['-c', notJson, 'status']);
    expect(j.code).toBe(2);
    expect(j.stderr).toContain('not valid JSON');
  });

  it('evaluates an empty locker to UNKNOWN, never PASS, and reports it as JSON', async () => {
    const ev = await runCli(['-c', config, 'evaluate', '--json']);
    expect(ev.code).toBe(0);
    const out = JSON.parse(ev.stdout) as {
      evaluated: number;
      counts: Record<string, number>;
      results: { status: string; reason: string }[];
    };
    expect(out.evaluated).toBeGreaterThan(20);
    expect(out.counts.PASS).toBe(0);
    expect(out.counts.UNKNOWN).toBe(out.evaluated);
    expect(out.results.some((r) => /no evidence from/.test(r.reason))).toBe(true);

    const ex = await runCli(['-c', config, 'explain', 'IAM-05', '--json']);
    expect(ex.code).toBe(0);
    const why = JSON.parse(ex.stdout) as {
      status: string;
      rules: { rule: string; status: string; reason: string }[];
    };
    expect(why.status).toBe('UNKNOWN');
    expect(why.rules.map((r) => r.rule).sort()).toEqual([
      'iam-root-access-key-absent',
      'iam-root-mfa-enabled',
    ]);
    expect(why.rules[0]!.reason).toMatch(/^no evidence from aws-iam-/);
    const byStatus = await runCli(['-c', config, 'status', '--control', 'IAM-05']);
    expect(byStatus.stdout).toContain('IAM-05');
    expect(byStatus.stdout).toContain('iam-root-mfa-enabled');
    const unknown = await runCli(['-c', config, 'explain', 'NOPE-99']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown control NOPE-99');

    const st = await runCli(['-c', config, 'status', '--json']);
    expect(st.code).toBe(0);
    const status = JSON.parse(st.stdout) as {
      frameworks: { framework: string; counts: Record<string, number> }[];
    };
    expect(status.frameworks.map((f) => f.framework)).toEqual(['soc2-2017']);
    expect(status.frameworks[0]!.counts.met).toBe(0);
    expect(status.frameworks[0]!.counts.unknown).toBeGreaterThan(0);

    const w = await runCli([
      '-c',
      config,
      'window',
      '--framework',
      'soc2-2017',
      '--from',
      '2026-01-01',
      '--to',
      '2026-01-31',
      '--json',
    ]);
    expect(w.code).toBe(0);
    const win = JSON.parse(w.stdout) as {
      controls: { verdict: string; coverage: number }[];
      requirements: { status: string }[];
    };
    expect(win.controls.every((c) => c.verdict === 'insufficient_evidence' && c.coverage === 0)).toBe(true);
    expect(win.requirements.some((r) => r.status === 'manual')).toBe(true);
  });

  it('honours NO_COLOR and writes no escape codes off a TTY', async () => {
    const r = await runCli(['-c', config, 'status'], { NO_COLOR: '1' });
    expect(r.stdout).toContain('SOC 2');
    expect(r.stdout).not.toContain('\u001b[');
  });
});
