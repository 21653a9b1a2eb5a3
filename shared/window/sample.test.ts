import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { ValidationError } from '../errors.js';
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

  it("sizes a sample by the report's frequency unless the auditor asks for another size", () => {
    const weekly = evaluateWindow({
      window: { start: '2026-01-01', end: '2026-06-29' },
      control: { id: 'GOV-04', frequency: 'weekly' },
      results: [],
    });
    expect(sampleWindow(weekly, checkpoint).size).toBe(5);
    const ten = sampleWindow(report, checkpoint, 10);
    expect(ten.size).toBe(10);
    expect(ten.periods.map((p) => p.index)).toEqual(drawSampleIndices(ten.seed, 'IAM-04', 180, 10));
  });
});

describe("the auditor's nonce", () => {
  it('is appended to the seed as |<nonce>, so the operator cannot predict the sample', () => {
    const expected = createHash('sha256')
      .update(`${'ab'.repeat(32)}|1024|MEUCIQDexampleSignature==|auditor-2026-07-02`)
      .digest('hex');
    expect(sampleSeed(checkpoint, 'auditor-2026-07-02')).toBe(expected);
    const a = sampleWindow(report, checkpoint, undefined, 'auditor-2026-07-02');
    expect(a.seed).toBe(expected);
    expect(a.periods.map((p) => p.index)).toEqual(drawSampleIndices(expected, 'IAM-04', 180, 25));
    expect(a.periods.map((p) => p.index)).not.toEqual(
      sampleWindow(report, checkpoint).periods.map((p) => p.index),
    );
  });
});

/** The draw as shared/window/README.md tells an auditor to re-implement it, step by step. */
function readmeDraw(seed: string, controlId: string, periods: number, size: number): number[] {
  const words: number[] = [];
  let block = 0;
  const nextWord = () => {
    if (words.length === 0) {
      const b = createHash('sha256').update(`${seed}|${controlId}|${block++}`).digest();
      for (let i = 0; i < 32; i += 4) words.push(b.readUInt32BE(i));
    }
    return words.shift()!;
  };
  const uniform = (n: number) => {
    const limit = Math.floor(2 ** 32 / n) * n;
    for (let w = nextWord(); ; w = nextWord()) if (w < limit) return w % n;
  };
  const positions = [...Array(periods).keys()];
  for (let i = 0; i < size; i++) {
    const j = i + uniform(periods - i);
    [positions[i], positions[j]] = [positions[j]!, positions[i]!];
  }
  return positions.slice(0, size).sort((x, y) => x - y);
}

describe('the draw an auditor re-implements from the README', () => {
  const seed = sampleSeed(checkpoint);

  it('gives the same indices over many blocks of the hash stream', () => {
    // 40 draws read five 32-byte blocks; 365 of 365 reads 46.
    for (const [id, periods, size] of [
      ['IAM-04', 180, 25],
      ['NET-02', 365, 40],
      ['LOG-01', 365, 365],
      ['GOV-04', 26, 5],
    ] as const)
      expect(drawSampleIndices(seed, id, periods, size)).toEqual(readmeDraw(seed, id, periods, size));
  });

  it('rejects a word at or above the largest multiple of the population, rather than bias the draw', () => {
    // For this control the first word of block 0 is 4294028455, above 4294000000 = 4294 × 1,000,000: taken mod
    // 1,000,000 it would give period 28455, but the README rejects it and reads the next word.
    const first = createHash('sha256').update(`${seed}|C-1066|0`).digest().readUInt32BE(0);
    expect(first).toBe(4294028455);
    const [drawn] = drawSampleIndices(seed, 'C-1066', 1_000_000, 1);
    expect(drawn).not.toBe(first % 1_000_000);
    expect([drawn]).toEqual(readmeDraw(seed, 'C-1066', 1_000_000, 1));
  });

  it('refuses a seed that is not 64 lowercase hex characters', () => {
    for (const bad of [seed.toUpperCase(), `${seed}0`, `0${seed}`, seed.slice(1), `${seed.slice(0, 63)}g`]) {
      let err: unknown;
      try {
        drawSampleIndices(bad, 'IAM-04', 180, 25);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as Error).message).toBe('sample is invalid:\n  - seed: must be 64 hex characters');
    }
  });
});
