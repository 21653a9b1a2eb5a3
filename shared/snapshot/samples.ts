import * as z from 'zod';
import type { SignedCheckpoint } from '../ledger/types.js';
import type { ControlWindowReport } from '../window/evaluate.js';
import { SAMPLE_SIZES, drawSampleIndices, sampleSeed } from '../window/sample.js';
import { message, summarize, type SnapshotCheck } from './verify-checks.js';
import type { ZipFileRead } from './zip-read.js';

/** samples.json: the periods drawn per control, and what seeded them. */
export interface SnapshotSamples {
  readonly seed: string;
  /** The nonce the auditor supplied after the closing checkpoint was signed; null when none was. */
  readonly auditorNonce: string | null;
  /** True when no auditor nonce was supplied: the key holder could re-sign until the sample suits them. */
  readonly operatorChosen: boolean;
  readonly controls: readonly { controlId: string; size: number; periods: number[] }[];
}

/** Draws every selected control's sample from the closing checkpoint and the auditor's nonce. */
export function snapshotSamples(
  reports: readonly ControlWindowReport[],
  checkpoint: SignedCheckpoint,
  auditorNonce?: string,
): SnapshotSamples {
  const seed = sampleSeed(checkpoint, auditorNonce);
  return {
    seed,
    auditorNonce: auditorNonce ?? null,
    operatorChosen: auditorNonce === undefined,
    controls: reports.map((r) => {
      const periods = drawSampleIndices(seed, r.controlId, r.periods.length, SAMPLE_SIZES[r.frequency]);
      return { controlId: r.controlId, size: periods.length, periods };
    }),
  };
}

const SamplesSchema = z.strictObject({
  seed: z.string(),
  auditorNonce: z.string().nullable(),
  operatorChosen: z.boolean(),
  controls: z.array(
    z.strictObject({ controlId: z.string(), size: z.number().int(), periods: z.array(z.number().int()) }),
  ),
});
const EvaluationSchema = z.object({
  controls: z.array(
    z.object({ controlId: z.string(), frequency: z.string(), periods: z.array(z.unknown()) }),
  ),
});

/**
 * Recomputes the samples from the closing checkpoint, the recorded auditor nonce and the window evaluation. When
 * `expectedNonce` is given (the auditor's own), the recorded one must equal it.
 */
export function samplesCheck(
  files: ReadonlyMap<string, ZipFileRead>,
  closing: SignedCheckpoint | undefined,
  expectedNonce?: string,
): { check: SnapshotCheck; operatorChosen?: boolean } {
  const name = 'samples';
  try {
    if (!closing) throw new Error('no valid closing checkpoint');
    const raw = files.get('samples.json')?.bytes;
    const evaluation = files.get('window/evaluation.json')?.bytes;
    if (!raw || !evaluation) throw new Error('samples.json or window/evaluation.json is missing');
    const s = parsed(SamplesSchema, raw, 'samples.json');
    const reports = parsed(EvaluationSchema, evaluation, 'window/evaluation.json').controls;
    const nonce = s.auditorNonce ?? undefined;
    const problems: string[] = [];
    if (expectedNonce !== undefined && nonce !== expectedNonce)
      problems.push(`the snapshot records nonce ${JSON.stringify(nonce ?? null)}, not yours`);
    if (s.operatorChosen !== (nonce === undefined)) problems.push('operatorChosen contradicts auditorNonce');
    const expected = snapshotSamples(reports as unknown as ControlWindowReport[], closing, nonce);
    if (s.seed !== expected.seed)
      problems.push('seed is not SHA-256 of the closing checkpoint and the nonce');
    if (JSON.stringify(s.controls) !== JSON.stringify(expected.controls))
      problems.push('the recorded samples are not the ones the seed draws');
    if (problems.length) return { check: { name, ok: false, detail: summarize(problems) } };
    const detail = nonce
      ? `${s.controls.length} control samples recomputed from the closing checkpoint and auditor nonce ${nonce}`
      : `${s.controls.length} control samples recomputed; no auditor nonce: the samples are operator-chosen`;
    return { check: { name, ok: true, detail }, operatorChosen: nonce === undefined };
  } catch (err) {
    return { check: { name, ok: false, detail: message(err) } };
  }
}

function parsed<T>(schema: z.ZodType<T>, bytes: Buffer, what: string): T {
  const r = schema.safeParse(JSON.parse(bytes.toString('utf8')));
  if (!r.success) throw new Error(`${what} is malformed (${r.error.issues[0]?.path.join('.')})`);
  return r.data;
}
