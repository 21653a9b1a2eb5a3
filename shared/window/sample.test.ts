import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { evaluateWindow } from './evaluate.js';
import { SAMPLE_SIZES, drawSampleIndices, sampleSeed, sampleWindow } from './sample.js';

const checkpoint = {
  checkpoint: {
    origin: 'flux-evidence/test',
    treeSize: 1024,
    rootHash: 'ab'.repeat(32),
    timestamp: '2026-07-01T00:00:00Z',
  },
  signature: 'MEUCIQDexampleSignature==',
  keyId: 'local',
};
const report = evaluateWindow({
  window: { start: '2026-01-01', end: '2026-06-29' },
  control: { id: 'IAM-04', frequency: 'daily' },
  results: [],
});

describe('auditor samples', () => {
  it('seeds with SHA-256 of rootHash|treeSize|signature', () => {
    const expected = createHash('sha256')
      .update(`${'ab'.repeat(32)}|1024|MEUCIQDexampleSignature==`)
      .digest('hex');
    expect(sampleSeed(checkpoint)).toBe(expected);
  });

  it('draws the same sample from the same checkpoint', () => {
    const a = sampleWindow(report, checkpoint);
    const b = sampleWindow(report, structuredClone(checkpoint));
    expect(a.size).toBe(25);
    expect(b.periods).toEqual(a.periods);
  });

  it('draws a different sample from a different checkpoint or for a different control', () => {
    const a = sampleWindow(report, checkpoint).periods.map((p) => p.index);
    const later = { ...checkpoint, checkpoint: { ...checkpoint.checkpoint, treeSize: 1025 } };
    expect(sampleWindow(report, later).periods.map((p) => p.index)).not.toEqual(a);
    expect(drawSampleIndices(sampleSeed(checkpoint), 'IAM-05', 180, 25)).not.toEqual(a);
  });

  it('returns distinct sorted indices within the population, capped at its size', () => {
    const idx = drawSampleIndices(sampleSeed(checkpoint), 'IAM-04', 180, 40);
    expect(new Set(idx).size).toBe(40);
    expect(idx).toEqual([...idx].sort((x, y) => x - y));
    expect(idx.every((i) => i >= 0 && i < 180)).toBe(true);
    expect(drawSampleIndices(sampleSeed(checkpoint), 'IAM-04', 3, 25)).toEqual([0, 1, 2]);
  });

  it('spreads draws evenly over the periods', () => {
    const hits = new Array(10).fill(0);
    for (let c = 0; c < 2000; c++)
      for (const i of drawSampleIndices(sampleSeed(checkpoint), `C-${c}`, 10, 1)) hits[i]++;
    for (const h of hits) expect(h).toBeGreaterThan(150);
  });

  it('sizes samples by frequency from the published table', () => {
    expect(SAMPLE_SIZES).toEqual({
      annual: 1,
      quarterly: 2,
      monthly: 2,
      weekly: 5,
      daily: 25,
      continuous: 40,
    });
  });
});
