import { createHash } from 'node:crypto';
import { ValidationError } from '../errors.js';
import type { Frequency } from '../mapping/types.js';
import type { ControlWindowReport, PeriodReport } from './evaluate.js';

/**
 * Periods an auditor tests per control, by how often the control operates. Source: the sample sizes commonly
 * published from the AICPA Audit Guide "Audit Sampling" and PCAOB practice for tests of controls (annual 1,
 * quarterly 2, monthly 2–5, weekly 5–15, daily 20–40, many times a day 25–60); we use the lower-middle value of
 * each range. See shared/window/README.md.
 */
export const SAMPLE_SIZES: Readonly<Record<Frequency, number>> = {
  annual: 1,
  quarterly: 2,
  monthly: 2,
  weekly: 5,
  daily: 25,
  continuous: 40,
};

/** The parts of the signed checkpoint that closes the window (shared/ledger/types.ts SignedCheckpoint). */
export interface CheckpointLike {
  readonly checkpoint: { readonly rootHash: string; readonly treeSize: number };
  readonly signature: string;
}

/**
 * The window's sampling seed: hex SHA-256 of the UTF-8 bytes `<rootHash>|<treeSize>|<signature>`, with
 * `|<auditorNonce>` appended when the auditor supplied a nonce after the checkpoint was signed (commit, then reveal:
 * an operator who re-signs the checkpoint cannot predict the nonce, so cannot steer the sample). Without a nonce the
 * operator, who holds the key, could re-sign until the sample suits them.
 */
export function sampleSeed(cp: CheckpointLike, auditorNonce?: string): string {
  const { rootHash, treeSize } = cp.checkpoint;
  const nonce = auditorNonce === undefined ? '' : `|${auditorNonce}`;
  return createHash('sha256').update(`${rootHash}|${treeSize}|${cp.signature}${nonce}`, 'utf8').digest('hex');
}

/**
 * Deterministic uniform integers from SHA-256 in counter mode: block i is SHA-256(`<seed>|<controlId>|<i>`),
 * read as big-endian uint32 words. Simple enough to re-implement from the README.
 */
class HashStream {
  private block = Buffer.alloc(0);
  private offset = 32;
  private counter = 0;
  constructor(private readonly prefix: string) {}

  private u32(): number {
    if (this.offset >= 32) {
      this.block = createHash('sha256').update(`${this.prefix}|${this.counter++}`, 'utf8').digest();
      this.offset = 0;
    }
    const v = this.block.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  /** Uniform integer in [0, n), by rejection sampling (no modulo bias). */
  below(n: number): number {
    const limit = Math.floor(0x1_0000_0000 / n) * n;
    for (;;) {
      const x = this.u32();
      if (x < limit) return x % n;
    }
  }
}

/**
 * Draws `size` distinct period indices out of `population`, sorted ascending, by a partial Fisher–Yates shuffle of
 * [0, population) driven by the hash stream for (seed, controlId). Same inputs, same sample.
 */
export function drawSampleIndices(
  seedHex: string,
  controlId: string,
  population: number,
  size: number,
): number[] {
  if (!/^[0-9a-f]{64}$/.test(seedHex))
    throw new ValidationError('sample', [`seed: must be 64 hex characters`]);
  const k = Math.min(size, population);
  const rng = new HashStream(`${seedHex}|${controlId}`);
  const deck = Array.from({ length: population }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + rng.below(population - i);
    [deck[i], deck[j]] = [deck[j]!, deck[i]!];
  }
  return deck.slice(0, k).sort((a, b) => a - b);
}

export interface WindowSample {
  readonly controlId: string;
  readonly seed: string;
  readonly size: number;
  readonly periods: readonly PeriodReport[];
}

/**
 * The auditor's sample of a control's periods, seeded by the checkpoint that closes the window and the auditor's
 * nonce when given.
 */
export function sampleWindow(
  report: ControlWindowReport,
  checkpoint: CheckpointLike,
  size?: number,
  auditorNonce?: string,
): WindowSample {
  const seed = sampleSeed(checkpoint, auditorNonce);
  const n = size ?? SAMPLE_SIZES[report.frequency];
  const idx = drawSampleIndices(seed, report.controlId, report.periods.length, n);
  return { controlId: report.controlId, seed, size: idx.length, periods: idx.map((i) => report.periods[i]!) };
}
