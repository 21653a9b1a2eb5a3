import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runVerify } from '../../shared/cli/commands/verify.js';
import { runDemo, type DemoSummary } from '../../shared/demo/run-demo.js';
import { decodeLeaf } from '../../shared/ledger/leaf.js';
import { openLocker } from '../../shared/locker/locker.js';
import type { LogPopulation } from '../../shared/snapshot/log-population.js';
import { readAll } from '../../shared/snapshot/testing/zip-tools.js';
import { storyDays } from '../../shared/demo/events.js';
import { motoEndpoint } from '../harness/aws.js';
import { runCli } from './cli-harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'cli-demo-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));
const DAYS = 8;

describe('the demo pipeline (8 simulated days)', () => {
  let summary: DemoSummary;
  const lines: string[] = [];

  beforeAll(async () => {
    summary = await runDemo({
      root,
      outDir,
      days: DAYS,
      motoEndpoint: motoEndpoint(),
      log: (l) => lines.push(l),
    });
  }, 300_000);

  it('back-fills a window ending yesterday and writes its outputs, in at most 150 lines ending with next steps', () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(summary.window).toEqual({ start: expect.any(String), end: yesterday, days: DAYS });
    for (const f of Object.values(summary.outputs)) expect(existsSync(f)).toBe(true);
    expect(JSON.parse(readFileSync(summary.outputs.summary, 'utf8'))).toMatchObject({
      company: 'Acme Analytics',
      snapshot: { verified: true },
    });
    const text = lines.join('\n').split('\n');
    expect(text.length).toBeLessThanOrEqual(150);
    const next = text.indexOf('Next steps:');
    expect(next).toBeGreaterThan(0);
    const summaryStart = text.findIndex((l) => l.startsWith(`${summary.company}: SOC 2 Type II window`));
    expect(text.length - summaryStart).toBeLessThanOrEqual(30);
    const steps = text.slice(next).join('\n');
    expect(steps).toContain(`open ${''}`.trim());
    expect(steps).toContain(`--key ${summary.snapshot.keyFingerprint}`);
    expect(steps).toContain('status');
  });

  it('judges at least 80% of the automated controls effective, the well-run ones passing', () => {
    const weak = evaluation()
      .controls.filter((c) => !c.verdict.startsWith('effective'))
      .map((c) => `${c.controlId} ${c.verdict} (${c.verdictReason})`);
    const { share } = summary.automatedControls;
    expect(`${Math.round(share * 100)}% effective; not: ${weak.join('; ')}`).toMatch(/^(8\d|9\d|100)% /);
    for (const id of ['IAM-02', 'IAM-04', 'IAM-06', 'LOG-01', 'LOG-02', 'CRY-03', 'NET-04'])
      expect(`${id} ${verdictOf(id)}`).toMatch(new RegExp(`^${id} effective`));
  });

  it('tells the three stories in the alerts and the verdicts', () => {
    const d = storyDays(DAYS);
    const alerts = (id: string) => summary.alerts.filter((a) => a.controlId === id && a.day >= 0);
    expect(alerts('NET-04')).toEqual([
      expect.objectContaining({ day: d.driftDay, kind: 'drift', to: 'FAIL' }),
      expect.objectContaining({ day: d.fixDay, kind: 'recovered', to: 'PASS' }),
    ]);
    expect(verdictOf('NET-04')).toBe('effective_with_exceptions');
    expect(alerts('DAT-01')).toEqual([expect.objectContaining({ day: d.openDriftDay, kind: 'drift' })]);
    expect(verdictOf('DAT-01')).toBe('not_effective');
    const gap = summary.alerts.filter((a) => a.kind === 'unknown' && a.day === d.outageFrom);
    expect(gap.map((a) => a.controlId)).toContain('IAM-02');
    expect(summary.stories.map((s) => s.story)).toEqual([
      'drift fixed within its SLA',
      'drift left open',
      'collector outage',
    ]);
  });

  it('extracts the snapshot next to its report: every link resolves', () => {
    const html = readFileSync(summary.outputs.indexHtml, 'utf8');
    const hrefs = [...html.matchAll(/href="([^"#][^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(20);
    const missing = hrefs.filter((h) => !existsSync(join(dirname(summary.outputs.indexHtml), decodeURI(h))));
    expect(missing).toEqual([]);
  });

  it('logs every re-observation as an observation leaf, archived in the snapshot', async () => {
    const json = (dir: string) =>
      readdirSync(join(summary.outputs.locker, dir), { recursive: true }).filter((f) =>
        String(f).endsWith('.json'),
      ).length;
    const locker = await openLocker(summary.outputs.locker);
    const { treeSize } = await locker.ledger.head();
    const observations: string[] = [];
    for await (const e of locker.ledger.entries(0, treeSize))
      if (e.key.startsWith('observation/')) observations.push(e.sha256);
    locker.close();
    // Every stored observation statement is a log leaf, beside every stored artifact.
    expect(observations.length).toBe(json('observation'));
    expect(observations.length).toBeGreaterThan(0);
    expect(treeSize).toBeGreaterThanOrEqual(json('evidence') + observations.length);
    const files = await readAll(summary.outputs.snapshot);
    const population = JSON.parse(files.get('log/population.json')!.toString()) as LogPopulation;
    const listed = population.leaves.filter((l) => l.kind === 'observation');
    expect(listed.length).toBeGreaterThan(0);
    for (const l of listed) expect(files.has(`leaves/${l.sha256}.json`)).toBe(true);
    // Each collection run's coverage attestation is a log leaf the snapshot archives; the outage is in it.
    const coverage = population.leaves.filter((l) => l.kind === 'coverage');
    expect(coverage.length).toBeGreaterThan(0);
    const statements = coverage.map((l) => decodeLeaf(files.get(`leaves/${l.sha256}.json`)!));
    const units = statements.flatMap((s) => (s.kind === 'coverage' ? s.units : []));
    expect(units.filter((u) => u.status === 'completed').length).toBeGreaterThan(0);
    expect(units.some((u) => u.status === 'failed' && /source errors/.test(u.reason ?? ''))).toBe(true);
  });

  it('verifies with the printed fingerprint, and the written config lets status and window explore the locker', async () => {
    let out = '';
    const code = await runVerify(
      summary.outputs.snapshot,
      { key: summary.snapshot.keyFingerprint },
      (s) => (out += s),
    );
    expect(out).toContain('checks hold');
    expect(out).toMatch(/latest coverage attestation: accounts x regions collected: \d+\/\d+/);
    expect(code).toBe(0);
    const status = await runCli([
      '-c',
      summary.outputs.config,
      'status',
      '--framework',
      'soc2-2017',
      '--json',
    ]);
    expect(status.stderr).toBe('');
    expect(status.stdout).toContain('acme-prod-app-data');
    const window = await runCli([
      '-c',
      summary.outputs.config,
      'window',
      '--framework',
      'soc2-2017',
      '--json',
    ]);
    expect(window.stderr).toBe('');
    expect(JSON.parse(window.stdout).window).toMatchObject({
      start: summary.window.start,
      end: summary.window.end,
    });
  });

  it("judges CFG-01 from the ingested Prowler scan, shown in status with the scan's origin", async () => {
    const out = await runCli(['-c', summary.outputs.config, 'status', '--control', 'CFG-01', '--json']);
    expect(out.stderr).toBe('');
    const explained = JSON.parse(out.stdout) as { rules: { rule: string; status: string; reason: string }[] };
    const prowler = explained.rules.find((r) => r.rule === 'prowler-check-findings-passed');
    // Origin: tool, version and (re-dated) scan time, on the last simulated day at 06:00.
    const last = summary.window.end;
    expect(prowler).toMatchObject({
      status: expect.stringMatching(/^(PASS|FAIL)$/),
      reason: expect.stringContaining(`Prowler 5.46.0 scan of ${last}T06:00:00.000Z`),
    });
    expect(lines.join('\n')).toMatch(/ingest: Prowler 5\.46\.0 scan of 111111111111 \(\d+ findings/);
    // The artifact keeps the recorded scan time in its provenance.
    const locker = await openLocker(summary.outputs.locker);
    try {
      const keys: string[] = [];
      for await (const k of locker.store.list('prowler-ocsf-findings')) keys.push(k);
      expect(keys).toHaveLength(1);
      const { treeSize } = await locker.ledger.head();
      let sha = '';
      for await (const e of locker.ledger.entries(0, treeSize)) if (e.key === keys[0]) sha = e.sha256;
      const stored = await locker.store.get(keys[0]!, sha);
      expect(stored.envelope.provenance.notes).toEqual([
        expect.stringMatching(
          /^recordedAt 20\d\d-\d\d-\d\dT[\d:.]+Z: a recorded Prowler scan, re-dated by the demo/,
        ),
      ]);
    } finally {
      locker.close();
    }
  });

  function evaluation(): { controls: { controlId: string; verdict: string; verdictReason: string }[] } {
    const file = join(dirname(summary.outputs.indexHtml), 'window', 'evaluation.json');
    return JSON.parse(readFileSync(file, 'utf8')) as ReturnType<typeof evaluation>;
  }
  function verdictOf(id: string): string | undefined {
    return evaluation().controls.find((c) => c.controlId === id)?.verdict;
  }
});
