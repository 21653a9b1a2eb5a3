import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import {
  CROSSWALK_TARGETS,
  crosswalkReport,
  derivedPairs,
  loadControls,
  loadFrameworks,
  loadRationales,
  loadReferences,
  scoreAgainst,
  type Control,
  type CrosswalkReference,
} from '../../frameworks/index.js';

const frameworks = loadFrameworks();
const controls = loadControls();
const references = loadReferences();
const report = crosswalkReport(controls, frameworks, references);
const score = (id: string) => report.scores.find((s) => s.reference === id)!;
const pair = (a: string, b: string) => `${a}\t${b}`;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'crosswalk-'));
  dirs.push(d);
  return d;
};

describe('published crosswalks in frameworks/sources', () => {
  it('load CISO Assistant ISO 27001 <-> SOC 2 (193 criterion pairs) and ENISA IR points -> ISO (122 pairs)', () => {
    expect(references.map((r) => [r.id, r.pairs.size])).toEqual([
      ['ciso-assistant-iso27001-soc2', 193],
      ['enisa-ir-points', 122],
    ]);
    expect(references[0]!.pairs.has(pair('A.5.15', 'CC6.2'))).toBe(true);
    expect(references[1]!.pairs.has(pair('IR-9.1', 'A.8.24'))).toBe(true);
  });

  it('name only requirements that exist in the catalogs', () => {
    const ids = new Map(frameworks.map((f) => [f.id, new Set(f.requirements.map((r) => r.id))]));
    for (const ref of references)
      for (const p of ref.pairs) {
        const [a, b] = p.split('\t') as [string, string];
        expect([ref.id, ids.get(ref.left)!.has(a), ids.get(ref.right)!.has(b)]).toEqual([ref.id, true, true]);
      }
  });

  it('reject a file with the wrong header, a short row or a missing file', () => {
    const d = tmp();
    writeFileSync(join(d, 'crosswalk-iso27001-soc2.ciso-assistant.tsv'), 'iso\tsoc2\nA.5.1\tCC1.1\n');
    writeFileSync(join(d, 'crosswalk-nis2ir-iso27001.enisa.tsv'), 'nis2_ir\tiso27001_2022\nIR-1.1\n');
    expect(() => loadReferences(d)).toThrow(ValidationError);
    writeFileSync(
      join(d, 'crosswalk-iso27001-soc2.ciso-assistant.tsv'),
      'iso27001_2022\tsoc2_tsc\nA.5.1\tCC1.1\n',
    );
    expect(() => loadReferences(d)).toThrow(/line 2: expected two ids/);
    expect(() => loadReferences(tmp())).toThrow(NotFoundError);
  });
});

describe('derived crosswalk', () => {
  it(`reaches precision >= ${CROSSWALK_TARGETS.unionPrecision} against the union of references`, () => {
    expect(report.unionPrecision).toBeGreaterThanOrEqual(CROSSWALK_TARGETS.unionPrecision);
  });

  it(`reaches recall >= ${CROSSWALK_TARGETS.enisaPointRecall} against ENISA's point-level mapping`, () => {
    expect(score('enisa-ir-points').recall).toBeGreaterThanOrEqual(CROSSWALK_TARGETS.enisaPointRecall);
  });

  it('has every derived pair either in a reference or explained by a written rationale, and no stale rationale', () => {
    expect(report.unexplained).toEqual([]);
    expect(report.staleRationales).toEqual([]);
  });

  it.each([
    ['enisa-ir-points', 'IR-9.1', 'A.8.24'],
    ['ciso-assistant-iso27001-soc2', 'A.5.15', 'CC6.2'],
    ['ciso-assistant-iso27001-soc2', 'A.5.15', 'CC6.4'],
  ])('contains the clear pair %s %s <-> %s', (ref, a, b) => {
    expect(score(ref).missed).not.toContain(pair(a, b));
  });

  it('pairs ISO A.8.30 (outsourced development) with GDPR Art. 28 (processors) through a shared control', () => {
    expect(derivedPairs(controls, frameworks, 'iso27001-2022', 'gdpr').has(pair('A.8.30', 'GDPR-28'))).toBe(
      true,
    );
  });

  it('no longer pairs everything under the broad reference controls (HR-01, PHY-01, GOV-04)', () => {
    const soc2 = derivedPairs(controls, frameworks, 'iso27001-2022', 'soc2-2017');
    expect(soc2.has(pair('A.6.1', 'CC1.5'))).toBe(false); // screening is not the disciplinary process
    expect(soc2.has(pair('A.7.13', 'CC6.4'))).toBe(false); // equipment maintenance is not physical entry
    const enisa = derivedPairs(controls, frameworks, 'nis2', 'iso27001-2022');
    expect(enisa.has(pair('IR-2.2', '9.3.1'))).toBe(false); // compliance monitoring is not management review
  });
});

describe('scoring', () => {
  const ref: CrosswalkReference = {
    id: 'toy',
    name: 'toy',
    left: 'iso27001-2022',
    right: 'soc2-2017',
    leftScope: () => true,
    pairs: new Set([pair('A.5.1', 'CC5.3'), pair('A.5.2', 'CC1.3')]),
    mentions: { left: new Set(['A.5.1', 'A.5.2']), right: new Set(['CC5.3', 'CC1.3']) },
  };
  const control = (id: string, iso: string[], soc2: string[]): Control => ({
    ...controls[0]!,
    id,
    mappings: [
      ...iso.map((r) => ({
        framework: 'iso27001-2022' as const,
        requirement: r,
        relation: 'intersect' as const,
      })),
      ...soc2.map((r) => ({
        framework: 'soc2-2017' as const,
        requirement: r,
        relation: 'intersect' as const,
      })),
    ],
  });

  it('counts agreed, unsupported and out-of-scope pairs separately', () => {
    const s = scoreAgainst(ref, [control('GOV-01', ['A.5.1', 'A.5.2'], ['CC5.3', 'CC9.9'])], frameworks);
    // (A.5.1, CC5.3) agreed; (A.5.2, CC5.3) unsupported; CC9.9 is unknown to the catalog and is not derived.
    expect(s).toMatchObject({ derived: 2, agreed: 1, precision: 0.5, recall: 0.5 });
    expect(s.unsupported).toEqual([{ pair: pair('A.5.2', 'CC5.3'), controls: ['GOV-01'] }]);
    expect(s.missed).toEqual([pair('A.5.2', 'CC1.3')]);
  });

  it('puts a pair naming a requirement the reference never mentions out of its scope', () => {
    const s = scoreAgainst(ref, [control('GOV-01', ['A.5.1', 'A.5.37'], ['CC5.3'])], frameworks);
    expect(s).toMatchObject({ derived: 1, agreed: 1, precision: 1 });
    expect(s.outOfScope).toEqual([{ pair: pair('A.5.37', 'CC5.3'), controls: ['GOV-01'] }]);
  });

  it('reports an unexplained pair and a stale rationale', () => {
    const r = crosswalkReport(
      [control('GOV-01', ['A.5.1', 'A.5.2'], ['CC5.3'])],
      frameworks,
      [ref],
      new Map([['toy', new Map([[pair('A.5.1', 'CC1.3'), 'a reason that no longer applies']])]]),
    );
    expect(r.unexplained).toEqual([{ reference: 'toy', pair: pair('A.5.2', 'CC5.3'), controls: ['GOV-01'] }]);
    expect(r.staleRationales).toEqual([{ reference: 'toy', pair: pair('A.5.1', 'CC1.3') }]);
  });

  it('rejects a rationale file with a rationale too short to say why', () => {
    const file = join(tmp(), 'r.json');
    writeFileSync(
      file,
      JSON.stringify({ about: 'x', references: { toy: [{ left: 'A', right: ['B'], rationale: 'ok' }] } }),
    );
    expect(() => loadRationales(file)).toThrow(ValidationError);
  });
});
