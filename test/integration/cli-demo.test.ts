import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { verifySnapshot } from '../../shared/snapshot/verify.js';
import { runDemo, type DemoSummary } from '../../shared/demo/run-demo.js';
import { motoEndpoint } from '../harness/aws.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'cli-demo-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the demo pipeline (8 simulated days)', () => {
  let summary: DemoSummary;

  it('runs collect → map → back-fill → window → snapshot → verify and writes its outputs', async () => {
    const lines: string[] = [];
    summary = await runDemo({
      root,
      outDir,
      days: 8,
      motoEndpoint: motoEndpoint(),
      log: (l) => lines.push(l),
    });
    expect(summary.window.days).toBe(8);
    for (const f of [summary.outputs.snapshot, summary.outputs.indexHtml, summary.outputs.summary])
      expect(existsSync(f)).toBe(true);
    expect(readFileSync(summary.outputs.indexHtml, 'utf8')).toMatch(/<html/i);
    expect(JSON.parse(readFileSync(summary.outputs.summary, 'utf8'))).toMatchObject({
      company: 'Acme Analytics',
      snapshot: { verified: true },
    });
    expect(lines.join('\n')).toContain('Alerts that fired');
  }, 240_000);

  it('produces a snapshot that verifies offline against the locker key', async () => {
    const pem = readFileSync(join(summary.outputs.locker, 'keys', 'checkpoint-signing.pem'), 'utf8');
    const { createPublicKey } = await import('node:crypto');
    const pub = createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();
    const r = await verifySnapshot(summary.outputs.snapshot, { pinnedKey: pub });
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(summary.snapshot.artifacts).toBeGreaterThan(20);
  });

  it('fires the drift and the recovery once each, on the days they were applied', () => {
    const cry03 = summary.alerts.filter((a) => a.controlId === 'CRY-03');
    const driftDay = Math.round((8 * 40) / 90);
    const recoveryDay = Math.round((8 * 55) / 90);
    expect(cry03).toEqual([
      expect.objectContaining({ day: driftDay, kind: 'drift', from: 'PASS', to: 'FAIL' }),
      expect.objectContaining({ day: recoveryDay, kind: 'recovered', from: 'FAIL', to: 'PASS' }),
    ]);
    // Every other alert in the window is a real change, never a repeat of the same state.
    const inWindow = summary.alerts.filter((a) => a.day >= 0);
    expect(new Set(inWindow.map((a) => `${a.controlId}@${a.day}`)).size).toBe(inWindow.length);
  });

  it('shows the stale access key under the demo clock and reports every framework', () => {
    expect(summary.alerts.find((a) => a.controlId === 'IAM-11')?.to).toBe('FAIL');
    expect(summary.status.map((s) => s.framework)).toEqual(['iso27001-2022', 'soc2-2017', 'nis2', 'gdpr']);
    for (const s of summary.status) expect(s.failing + s.unknown + s.manual + s.met).toBeGreaterThan(0);
    expect(summary.notes.join(' ')).toContain('GeneratedTime');
  });
});
