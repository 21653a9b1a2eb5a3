import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { NotFoundError, ValidationError, formatIssues } from '../shared/errors.js';
import type { Control, Framework, FrameworkId } from './schema.js';

/**
 * The crosswalk this control set implies: two requirements of different frameworks are paired when one common
 * control maps to both. It is checked against published mappings (frameworks/sources/crosswalk-*.tsv) so that
 * "implemented once, credited everywhere" credits only requirements that independent mappings also pair.
 */

const SOURCES_DIR = fileURLToPath(new URL('./sources/', import.meta.url));
const RATIONALES_FILE = fileURLToPath(new URL('./crosswalk-rationales.json', import.meta.url));

/** A pair of requirements, written `<left id>\t<right id>` (left and right frameworks fixed per reference). */
export type PairKey = string;
const key = (left: string, right: string): PairKey => `${left}\t${right}`;

/** Which requirement ids of a framework a reference speaks about. */
type Scope = (requirementId: string) => boolean;

export interface CrosswalkReference {
  id: string;
  name: string;
  left: FrameworkId;
  right: FrameworkId;
  /** Only pairs whose left id is in scope are compared (the reference says nothing about the others). */
  leftScope: Scope;
  pairs: ReadonlySet<PairKey>;
  /** Requirement ids the reference mentions on each side; a pair naming another id is outside its scope. */
  mentions: { left: ReadonlySet<string>; right: ReadonlySet<string> };
}

const isIrPoint: Scope = (id) => /^IR-\d+\.\d+$/.test(id);

function readPairs(dir: string, file: string, columns: readonly [string, string]): Array<[string, string]> {
  let text: string;
  try {
    text = readFileSync(join(dir, file), 'utf8');
  } catch (err) {
    throw new NotFoundError('crosswalk reference', join(dir, file), { cause: err });
  }
  const [header, ...lines] = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (header !== columns.join('\t'))
    throw new ValidationError(file, [`header must be "${columns.join('\\t')}", got "${header}"`]);
  return lines.map((line, i) => {
    const cells = line.split('\t');
    if (cells.length !== 2 || !cells[0] || !cells[1])
      throw new ValidationError(file, [`line ${i + 2}: expected two ids separated by a tab`]);
    return [cells[0], cells[1]];
  });
}

/**
 * The published mappings, as committed in frameworks/sources/ (see its README for origin and licence):
 * CISO Assistant's ISO 27001:2022 <-> SOC 2 at criterion level; ENISA's IR 2024/2690 -> ISO 27001:2022 at point
 * level (the Annex section headings are not assessable, so only points are compared).
 */
export function loadReferences(dir: string = SOURCES_DIR): CrosswalkReference[] {
  const soc2 = readPairs(dir, 'crosswalk-iso27001-soc2.ciso-assistant.tsv', ['iso27001_2022', 'soc2_tsc']);
  const enisa = readPairs(dir, 'crosswalk-nis2ir-iso27001.enisa.tsv', ['nis2_ir', 'iso27001_2022']);
  for (const [ir] of enisa)
    if (!isIrPoint(ir)) throw new ValidationError('ENISA crosswalk', [`${ir} is not an IR 2024/2690 point`]);
  const mentions = (pairs: Array<[string, string]>) => ({
    left: new Set(pairs.map((p) => p[0])),
    right: new Set(pairs.map((p) => p[1])),
  });
  return [
    {
      id: 'ciso-assistant-iso27001-soc2',
      name: 'CISO Assistant ISO 27001:2022 <-> SOC 2 (criterion level)',
      left: 'iso27001-2022',
      right: 'soc2-2017',
      leftScope: () => true,
      pairs: new Set(soc2.map(([a, b]) => key(a, b))),
      mentions: mentions(soc2),
    },
    {
      id: 'enisa-ir-points',
      name: 'ENISA IR 2024/2690 points -> ISO 27001:2022',
      left: 'nis2',
      right: 'iso27001-2022',
      leftScope: isIrPoint,
      pairs: new Set(enisa.map(([a, b]) => key(a, b))),
      mentions: mentions(enisa),
    },
  ];
}

/** Pairs (left requirement, right requirement) that share at least one control, with the controls. */
export function derivedPairs(
  controls: readonly Control[],
  frameworks: readonly Framework[],
  left: FrameworkId,
  right: FrameworkId,
  leftScope: Scope = () => true,
): Map<PairKey, string[]> {
  const assessable = new Set(
    frameworks.flatMap((f) => f.requirements.filter((r) => r.assessable).map((r) => `${f.id}:${r.id}`)),
  );
  const pairs = new Map<PairKey, string[]>();
  for (const c of controls) {
    const ids = (fw: FrameworkId) =>
      c.mappings
        .filter((m) => m.framework === fw && assessable.has(`${fw}:${m.requirement}`))
        .map((m) => m.requirement);
    for (const a of ids(left).filter(leftScope))
      for (const b of ids(right)) pairs.set(key(a, b), [...(pairs.get(key(a, b)) ?? []), c.id]);
  }
  return pairs;
}

export interface CrosswalkScore {
  reference: string;
  /** Derived pairs whose two requirements the reference mentions (the pairs it can judge). */
  derived: number;
  published: number;
  agreed: number;
  precision: number;
  recall: number;
  /** Judged derived pairs the reference does not contain, with the controls that produce them. */
  unsupported: Array<{ pair: PairKey; controls: string[] }>;
  /** Derived pairs naming a requirement the reference never mentions: it cannot judge them. */
  outOfScope: Array<{ pair: PairKey; controls: string[] }>;
  /** Published pairs the control set does not derive. */
  missed: PairKey[];
}

/**
 * Precision and recall of the derived crosswalk against one reference. A reference is judged only on the
 * requirements it mentions: CISO Assistant's SOC 2 mapping, for one, has no rows at all for CC5.1, CC5.2, PI1
 * or the P series, so a pair naming one of those is outside its scope rather than wrong.
 */
export function scoreAgainst(
  ref: CrosswalkReference,
  controls: readonly Control[],
  frameworks: readonly Framework[],
): CrosswalkScore {
  const all = [...derivedPairs(controls, frameworks, ref.left, ref.right, ref.leftScope)];
  const inScope = (p: PairKey) => {
    const [a, b] = p.split('\t') as [string, string];
    return ref.mentions.left.has(a) && ref.mentions.right.has(b);
  };
  const judged = all.filter(([p]) => inScope(p));
  const unsupported = judged.filter(([p]) => !ref.pairs.has(p)).map(([pair, c]) => ({ pair, controls: c }));
  const agreed = judged.length - unsupported.length;
  const derived = new Set(judged.map(([p]) => p));
  return {
    reference: ref.id,
    derived: judged.length,
    published: ref.pairs.size,
    agreed,
    precision: judged.length === 0 ? 0 : agreed / judged.length,
    recall: ref.pairs.size === 0 ? 0 : agreed / ref.pairs.size,
    unsupported,
    outOfScope: all.filter(([p]) => !inScope(p)).map(([pair, c]) => ({ pair, controls: c })),
    missed: [...ref.pairs].filter((p) => !derived.has(p)),
  };
}

const RationaleSchema = z.strictObject({
  left: z.string().min(1),
  right: z.array(z.string().min(1)).min(1),
  rationale: z.string().trim().min(20, 'a rationale says why, in a sentence'),
});
const RationalesSchema = z.strictObject({
  about: z.string().min(1),
  references: z.record(z.string(), z.array(RationaleSchema)),
});

/** This project's written reasons for derived pairs no published mapping contains, per reference id. */
export function loadRationales(file: string = RATIONALES_FILE): Map<string, Map<PairKey, string>> {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const r = RationalesSchema.safeParse(raw);
  if (!r.success) throw new ValidationError('crosswalk-rationales.json', formatIssues(r.error.issues));
  const out = new Map<string, Map<PairKey, string>>();
  for (const [ref, entries] of Object.entries(r.data.references)) {
    const m = new Map<PairKey, string>();
    for (const e of entries) for (const right of e.right) m.set(key(e.left, right), e.rationale);
    out.set(ref, m);
  }
  return out;
}

export interface CrosswalkReport {
  scores: CrosswalkScore[];
  /** Precision over every derived pair that some reference speaks about. */
  unionPrecision: number;
  /** Derived pairs in no reference and without a written rationale. */
  unexplained: Array<{ reference: string; pair: PairKey; controls: string[] }>;
  /** Rationales for pairs that are no longer derived, or that a reference already contains. */
  staleRationales: Array<{ reference: string; pair: PairKey }>;
}

export function crosswalkReport(
  controls: readonly Control[],
  frameworks: readonly Framework[],
  references: readonly CrosswalkReference[] = loadReferences(),
  rationales: ReadonlyMap<string, ReadonlyMap<PairKey, string>> = loadRationales(),
): CrosswalkReport {
  const scores = references.map((ref) => scoreAgainst(ref, controls, frameworks));
  const derived = scores.reduce((n, s) => n + s.derived, 0);
  const agreed = scores.reduce((n, s) => n + s.agreed, 0);
  const unexplained = scores.flatMap((s) =>
    [...s.unsupported, ...s.outOfScope]
      .filter((u) => !rationales.get(s.reference)?.has(u.pair))
      .map((u) => ({ reference: s.reference, ...u })),
  );
  const staleRationales = [...rationales].flatMap(([reference, m]) => {
    const s = scores.find((x) => x.reference === reference);
    const live = new Set([...(s?.unsupported ?? []), ...(s?.outOfScope ?? [])].map((u) => u.pair));
    return [...m.keys()].filter((pair) => !live.has(pair)).map((pair) => ({ reference, pair }));
  });
  return { scores, unionPrecision: derived === 0 ? 0 : agreed / derived, unexplained, staleRationales };
}

/** What the crosswalk must reach (issue #14): checked by the figures script in CI and by a unit test. */
export const CROSSWALK_TARGETS = { unionPrecision: 0.8, enisaPointRecall: 0.8 } as const;
