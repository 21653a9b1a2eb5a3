import { describe, expect, it } from '@jest/globals';
import { loadControls, loadFrameworks } from '../../frameworks/index.js';
import { LocalSigner } from '../ledger/signer.js';
import { MemoryResultsStore } from '../mapping/memory-results-store.js';
import { MemoryLedger, MemoryStore } from '../snapshot/testing/memory.js';
import { makeArtifact } from '../snapshot/testing/scenario.js';
import { sampleSeed } from '../window/sample.js';
import { evaluateFrameworkWindow } from './framework-window.js';

const controls = loadControls();
const soc2 = loadFrameworks().find((f) => f.id === 'soc2-2017')!;
const WINDOW = { start: '2026-01-01', end: '2026-01-02' };

/**
 * IAM-02 evidence on both days of the window: the first day's is signed by a checkpoint on day 2, the last minutes'
 * reaches the log after the window's end and is signed by the next checkpoint (the deployed sequencer's 5 minutes).
 */
async function world(withLateEvidence: boolean) {
  const ledger = new MemoryLedger();
  const store = new MemoryStore();
  const results = new MemoryResultsStore();
  const signer = LocalSigner.generate();
  const observe = async (at: string, n: number) => {
    const a = makeArtifact('aws-iam-credential-report', at, n);
    const stored = await store.put(a);
    const scope = 'account=123456789012,region=us-east-1';
    await ledger.append({
      sha256: a.sha256,
      key: stored.key,
      collector: a.envelope.collector,
      scope,
      observedAt: at,
      collectedAt: at,
    });
    await results.putResult({
      controlId: 'IAM-02',
      status: 'PASS',
      reason: 'every console user has MFA',
      failing: [],
      ruleVersions: { 'iam-users-mfa': '1.0.0' },
      mappingVersion: '1.0.0',
      artifacts: [a.sha256],
      observedAt: at,
      evaluatedAt: at,
    });
  };
  await observe('2026-01-01T06:00:00.000Z', 1);
  const inWindow = await ledger.checkpoint(signer, new Date('2026-01-02T12:00:00.000Z'));
  if (withLateEvidence) await observe('2026-01-02T23:58:00.000Z', 2);
  const after = await ledger.checkpoint(signer, new Date('2026-01-03T00:05:00.000Z'));
  return { ledger, results, inWindow, after };
}

describe('evaluateFrameworkWindow', () => {
  it('closes the window with the latest checkpoint at or before its end when that one signs all its evidence', async () => {
    const w0 = await world(false);
    const w = await evaluateFrameworkWindow({
      framework: soc2,
      controls,
      results: w0.results,
      ledger: w0.ledger,
      window: WINDOW,
    });
    expect(w.checkpoint).toEqual(w0.inWindow);
    expect(new Set(w.samples.map((s) => s.seed))).toEqual(new Set([sampleSeed(w0.inWindow)]));
  });

  it('closes it with a later checkpoint when evidence of its last minutes reached the log after its end', async () => {
    const w1 = await world(true);
    const w = await evaluateFrameworkWindow({
      framework: soc2,
      controls,
      results: w1.results,
      ledger: w1.ledger,
      window: WINDOW,
    });
    expect(w.checkpoint).toEqual(w1.after);
    expect(new Set(w.samples.map((s) => s.seed))).toEqual(new Set([sampleSeed(w1.after)]));
    expect(w.results.map((r) => r.observedAt)).toEqual([
      '2026-01-01T06:00:00.000Z',
      '2026-01-02T23:58:00.000Z',
    ]);
  });

  it('rolls up every assessable requirement, lists controls in id order and records a UTC window', async () => {
    const w1 = await world(true);
    const w = await evaluateFrameworkWindow({
      framework: soc2,
      controls,
      results: w1.results,
      ledger: w1.ledger,
      window: WINDOW,
    });
    expect(w.requirements.map((r) => r.requirementId)).toEqual(
      soc2.requirements.filter((r) => r.assessable).map((r) => r.id),
    );
    const ids = w.controls.map((c) => c.controlId);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toContain('IAM-02');
    expect(w.window).toEqual({ ...WINDOW, timeZone: 'UTC' });
  });
});
