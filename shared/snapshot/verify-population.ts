// The population check of `verifySnapshot`: the list of every log leaf in the window recomputes both the start and
// the closing root, so nothing was left out; each leaf is either archived or excluded with a reason.
import { coverageLine, summarizeCoverage, type CoverageStatement } from '../ledger/coverage.js';
import * as z from 'zod';
import { LEAF_KINDS, decodeLeaf } from '../ledger/leaf.js';
import { CompactRange, leafHash } from '../ledger/merkle.js';
import { POPULATION_PATH, statementPath, type LogPopulation } from './log-population.js';
import { message, summarize, type SnapshotCheck } from './verify-checks.js';
import type { ZipFileRead } from './zip-read.js';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const PopulationSchema = z.strictObject({
  fromTreeSize: z.number().int().nonnegative(),
  toTreeSize: z.number().int().nonnegative(),
  startRange: z.array(hex64),
  leaves: z.array(
    z.strictObject({
      index: z.number().int().nonnegative(),
      leafHash: hex64,
      kind: z.enum(LEAF_KINDS),
      collector: z.string(),
      scope: z.string(),
      sha256: hex64,
      status: z.enum(['included', 'excluded']),
      reason: z.string().min(1).optional(),
    }),
  ),
});

/** Counts for the report: leaves in the window, archived, and excluded by reason. */
export interface PopulationCounts {
  readonly leaves: number;
  readonly included: number;
  readonly byKind: Readonly<Record<string, number>>;
  readonly excluded: Readonly<Record<string, number>>;
}

type TreeHead = { treeSize: number; rootHash: string };

/** Parses the population list and recomputes both roots from it; returns the check and the counts. */
export function populationCheck(
  files: ReadonlyMap<string, ZipFileRead>,
  evidence: ReadonlySet<string>,
  closing?: TreeHead,
  start?: TreeHead,
): { check: SnapshotCheck; counts?: PopulationCounts } {
  const name = 'population';
  const fail = (problems: string[]) => ({
    check: { name, ok: false, detail: summarize(problems) },
  });
  let pop: LogPopulation;
  try {
    if (!closing) throw new Error('no valid closing checkpoint');
    const bytes = files.get(POPULATION_PATH)?.bytes;
    if (!bytes) throw new Error(`${POPULATION_PATH} is missing`);
    const parsed = PopulationSchema.safeParse(JSON.parse(bytes.toString('utf8')));
    if (!parsed.success)
      throw new Error(`${POPULATION_PATH} is malformed: ${parsed.error.issues[0]?.message}`);
    pop = parsed.data;
  } catch (err) {
    return fail([message(err)]);
  }
  const from = start ?? { treeSize: 0, rootHash: CompactRange.empty().root().toString('hex') };
  const problems: string[] = [];
  if (pop.fromTreeSize !== from.treeSize || pop.toTreeSize !== closing.treeSize)
    return fail([
      `the list covers leaves ${pop.fromTreeSize} to ${pop.toTreeSize}, the window's checkpoints ${from.treeSize} to ${closing.treeSize}`,
    ]);
  let range: CompactRange;
  try {
    range = CompactRange.from(
      pop.fromTreeSize,
      pop.startRange.map((h) => Buffer.from(h, 'hex')),
    );
  } catch (err) {
    return fail([`startRange: ${message(err)}`]);
  }
  if (range.root().toString('hex') !== from.rootHash)
    return fail(['startRange does not fold to the start checkpoint root']);

  const excluded: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  let included = 0;
  let coverage: CoverageStatement | undefined;
  pop.leaves.forEach((l, i) => {
    const at = `leaf ${l.index}`;
    if (l.index !== pop.fromTreeSize + i) problems.push(`${at}: expected index ${pop.fromTreeSize + i}`);
    let bytes: Buffer = Buffer.from(l.sha256, 'hex');
    if (l.kind !== 'artifact') {
      const f = files.get(statementPath(l.sha256));
      if (!f?.bytes || f.sha256 !== l.sha256)
        problems.push(`${at}: ${statementPath(l.sha256)} missing or altered`);
      else {
        bytes = f.bytes;
        try {
          const decoded = decodeLeaf(bytes);
          const kind = decoded.kind;
          if (decoded.kind === 'coverage' && (!coverage || decoded.completedAt >= coverage.completedAt))
            coverage = decoded;
          if (kind !== l.kind) problems.push(`${at}: listed as ${l.kind}, its statement is ${kind}`);
        } catch (err) {
          problems.push(`${at}: ${message(err)}`);
        }
      }
    }
    const h = leafHash(bytes);
    if (h.toString('hex') !== l.leafHash)
      problems.push(`${at}: leaf hash does not match its ${l.kind} bytes`);
    range.append(h);
    byKind[l.kind] = (byKind[l.kind] ?? 0) + 1;
    if (l.status === 'included') {
      included++;
      if (l.kind === 'artifact' && !evidence.has(l.sha256))
        problems.push(`${at}: listed as included, artifact ${l.sha256} is not in evidence/`);
    } else {
      if (!l.reason) problems.push(`${at}: excluded without a reason`);
      if (l.kind === 'artifact' && evidence.has(l.sha256))
        problems.push(`${at}: listed as excluded, but artifact ${l.sha256} is archived`);
      excluded[l.reason ?? ''] = (excluded[l.reason ?? ''] ?? 0) + 1;
    }
  });
  if (range.root().toString('hex') !== closing.rootHash)
    problems.push('the listed leaves do not recompute the closing checkpoint root');
  const counts: PopulationCounts = { leaves: pop.leaves.length, included, byKind, excluded };
  if (problems.length) return { check: { name, ok: false, detail: summarize(problems) }, counts };
  const ex = Object.values(excluded).reduce((a, b) => a + b, 0);
  return {
    check: {
      name,
      ok: true,
      detail:
        `${counts.leaves} log leaves in the window recompute both roots: ${included} archived, ${ex} excluded with a reason` +
        (coverage ? `; latest coverage attestation: ${coverageLine(summarizeCoverage(coverage))}` : ''),
    },
    counts,
  };
}
