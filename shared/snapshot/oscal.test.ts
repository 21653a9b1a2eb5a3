import { describe, expect, it } from '@jest/globals';
import { loadControls, loadFrameworks } from '../../frameworks/index.js';
import { oscalSchemaProblems } from '../../test/oscal/schema-validate.js';
import { rollUpRequirement } from '../window/rollup.js';
import { evaluateWindows } from '../window/evaluate.js';
import { oscalAssessmentResults, oscalToken, type OscalInput } from './oscal.js';
import { oscalMappingCollection } from './oscal-mapping.js';

const sha = (n: number) => n.toString(16).padStart(64, '0');
const window = { start: '2026-01-01', end: '2026-01-07', timeZone: 'UTC' } as const;

function input(): OscalInput {
  const controls = [
    { id: 'IAM-01', frequency: 'daily' as const },
    { id: 'GOV-01', frequency: 'annual' as const },
  ];
  const results = [0, 1, 2, 3, 4, 5, 6].map((d) => ({
    controlId: 'IAM-01',
    status: 'PASS' as const,
    observedAt: `2026-01-0${d + 1}T12:00:00.000Z`,
  }));
  const reports = evaluateWindows(window, controls, (id) => results.filter((r) => r.controlId === id));
  const verdicts = new Map(reports.map((r) => [r.controlId, r.verdict]));
  return {
    title: 'Acme ISO snapshot',
    framework: 'iso27001-2022',
    createdAt: '2026-01-08T00:00:00.000Z',
    toolVersion: '0.1.0',
    start: '2026-01-01T00:00:00.000Z',
    end: '2026-01-08T00:00:00.000Z',
    reports,
    requirements: [
      rollUpRequirement({ id: 'A.5.15', controls: ['IAM-01'] }, verdicts),
      rollUpRequirement({ id: '5.2', controls: ['GOV-01'] }, verdicts),
    ],
    evidenceOf: (c) =>
      c === 'IAM-01' ? [1, 2].map((n) => ({ path: `evidence/${sha(n)}.json`, sha256: sha(n) })) : [],
    collectedBy: (c) => (c === 'IAM-01' ? ['aws-iam-credential-report'] : []),
    mappingHref: 'oscal/mapping.json',
  };
}

describe('oscalAssessmentResults', () => {
  const doc = JSON.parse(oscalAssessmentResults(input()).toString());
  const result = doc['assessment-results'].results[0];

  it('validates against the NIST OSCAL 1.2 JSON Schema', () => {
    expect(oscalSchemaProblems(doc)).toEqual([]);
  });

  it('writes a manual-only requirement (no common control) without an empty props array, still valid', () => {
    const base = input();
    const withManual = JSON.parse(
      oscalAssessmentResults({
        ...base,
        requirements: [...base.requirements, rollUpRequirement({ id: 'A.5.1', controls: [] }, new Map())],
      }).toString(),
    );
    expect(oscalSchemaProblems(withManual)).toEqual([]);
    const manual = withManual['assessment-results'].results[0].findings[2];
    expect(manual.target['target-id']).toBe('A.5.1');
    expect(manual).not.toHaveProperty('props');
    expect(manual.description).toMatch(/manual evidence only/);
  });

  it('targets the framework requirement ids, as OSCAL tokens', () => {
    const targets = result.findings.map((f: { target: { 'target-id': string } }) => f.target['target-id']);
    expect(targets).toEqual(['A.5.15', 'req-5.2']);
    expect(result.findings[1].target.props).toContainEqual(
      expect.objectContaining({ name: 'requirement-id', value: '5.2' }),
    );
    expect(result['reviewed-controls']['control-selections'][0]['include-controls']).toEqual([
      { 'control-id': 'A.5.15' },
      { 'control-id': 'req-5.2' },
    ]);
  });

  it('names each artifact with its path and SHA-256, and never writes an empty relevant-evidence', () => {
    const [iam, gov] = result.observations;
    expect(iam['relevant-evidence']).toHaveLength(2);
    expect(iam['relevant-evidence'][0].props).toContainEqual(
      expect.objectContaining({ name: 'sha256', value: sha(1) }),
    );
    expect(iam.props).toContainEqual(
      expect.objectContaining({ name: 'collection-method', value: 'aws-iam-credential-report' }),
    );
    expect(gov['relevant-evidence']).toBeUndefined();
    const resources = doc['assessment-results']['back-matter'].resources;
    expect(resources[0].rlinks[0]).toEqual({
      href: `evidence/${sha(1)}.json`,
      hashes: [{ algorithm: 'SHA-256', value: sha(1) }],
    });
    expect(iam['relevant-evidence'][0].href).toBe(`#${resources[0].uuid}`);
  });

  it("relates each finding to its common controls' observations", () => {
    expect(result.findings[0]['related-observations']).toEqual([
      { 'observation-uuid': result.observations[0].uuid },
    ]);
    expect(result.findings[0].target.status).toEqual({ state: 'satisfied', reason: 'pass' });
    expect(result.findings[1].target.status.state).toBe('not-satisfied');
  });

  it('is caught by the schema when an observation carries an empty relevant-evidence array', () => {
    const bad = structuredClone(doc);
    bad['assessment-results'].results[0].observations[1]['relevant-evidence'] = [];
    expect(oscalSchemaProblems(bad).join('\n')).toMatch(/relevant-evidence/);
  });
});

describe('oscalToken', () => {
  it('keeps valid ids and prefixes ids that start with a digit', () => {
    expect(oscalToken('CC6.1')).toBe('CC6.1');
    expect(oscalToken('NIS2-21.2.a')).toBe('NIS2-21.2.a');
    expect(oscalToken('4.1')).toBe('req-4.1');
  });
});

describe('oscalMappingCollection', () => {
  const controls = loadControls();
  const frameworks = loadFrameworks();
  const doc = JSON.parse(
    oscalMappingCollection({
      createdAt: '2026-01-08T00:00:00.000Z',
      toolVersion: '0.1.0',
      controlSetVersion: '1.0.0',
      controls,
      frameworks,
    }).toString(),
  );

  it('validates against the NIST OSCAL 1.2 JSON Schema', () => {
    expect(oscalSchemaProblems(doc)).toEqual([]);
  });

  it('exports every control-to-requirement pair of the crosswalk, one mapping per framework', () => {
    const mappings = doc['mapping-collection'].mappings;
    expect(mappings.map((m: { props: { value: string }[] }) => m.props[0]!.value)).toEqual(
      frameworks.map((f) => f.id),
    );
    const pairs = controls.flatMap((c) => c.mappings.length);
    expect(mappings.flatMap((m: { maps: unknown[] }) => m.maps)).toHaveLength(
      pairs.reduce((a, b) => a + b, 0),
    );
    const gov = controls
      .find((c) => c.id === 'GOV-01')!
      .mappings.find((m) => m.framework === 'iso27001-2022')!;
    expect(mappings[0].maps).toContainEqual(
      expect.objectContaining({
        sources: [{ type: 'control', 'id-ref': 'GOV-01' }],
        targets: [expect.objectContaining({ 'id-ref': oscalToken(gov.requirement) })],
      }),
    );
  });
});
