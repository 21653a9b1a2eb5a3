import { describe, expect, it } from '@jest/globals';
import {
  coverageReport,
  findIntegrityProblems,
  loadControls,
  loadFrameworks,
  type Control,
  type FrameworkId,
} from '../../frameworks/index.js';
import { evaluateFrameworkWindow } from '../../shared/usecases/framework-window.js';
import { statusReport } from '../../shared/cli/ops/status.js';
import { collectorMetas } from '../../shared/collectors/meta-registry.js';
import { MemoryResultsStore } from '../../shared/mapping/memory-results-store.js';
import { rules, rulesForCollectors, rulesForControl } from '../../shared/rules/registry.js';
import type { Rule } from '../../shared/rules/types.js';

const frameworks = loadFrameworks();
const controls = loadControls();
const scheduled = new Set(collectorMetas.filter((m) => m.schedule).map((m) => m.id));

/** Rules that can give this control a verdict: they serve it and read a scheduled collector it names. */
const runnableRules = (c: Control, all: readonly Rule[] = rules) =>
  rulesForCollectors(
    rulesForControl(c.id, all),
    c.collectors.filter((id) => scheduled.has(id)),
  );

/** Controls counted as automated or partial that no rule can ever judge (they would stay UNKNOWN forever). */
const withoutRunnableRule = (cs: readonly Control[], all?: readonly Rule[]) =>
  cs.filter((c) => c.automation !== 'manual' && runnableRules(c, all).length === 0).map((c) => c.id);

describe('honest coverage', () => {
  it('gives every automated or partial control a rule that reads a scheduled collector the control names', () => {
    expect(withoutRunnableRule(controls)).toEqual([]);
  });

  it('fails when the only rule of an automated control is removed', () => {
    const target = controls.find((c) => c.id === 'CRY-03')!;
    expect(target.automation).toBe('automated');
    const remaining = rules.filter((r) => !r.controls.includes('CRY-03'));
    expect(withoutRunnableRule(controls, remaining)).toEqual(['CRY-03']);
  });

  it('fails when a control claims a collector that no scheduled rule for it reads', () => {
    const fake = { ...controls.find((c) => c.id === 'IAM-09')!, automation: 'partial' as const };
    fake.collectors = ['access-reconciliation'];
    expect(withoutRunnableRule([fake])).toEqual(['IAM-09']);
  });

  it.each(frameworks.map((f) => [f.id]))(
    'counts a %s requirement as automated or partial only when a mapped control has a runnable rule',
    (id) => {
      const f = frameworks.find((x) => x.id === id)!;
      const byId = new Map(controls.map((c) => [c.id, c]));
      const hollow = coverageReport(f, controls)
        .requirements.filter((r) => r.status === 'automated' || r.status === 'partial')
        .filter((r) => !r.controls.some((c) => runnableRules(byId.get(c)!).length > 0))
        .map((r) => r.requirement);
      expect(hollow).toEqual([]);
    },
  );
});

describe('headings and definitions', () => {
  const notAssessable = (id: FrameworkId) =>
    frameworks
      .find((f) => f.id === id)!
      .requirements.filter((r) => !r.assessable)
      .map((r) => r.id);

  it('are not assessable: ISO 6.1, 7.5, 9.2, 9.3, the 13 IR 2024/2690 sections, GDPR 4(12) and article headings', () => {
    expect(notAssessable('iso27001-2022')).toEqual(
      expect.arrayContaining(['6.1', '7.5', '9.2', '9.3', '4', '5', '6', '7', '8', '9', '10']),
    );
    expect(notAssessable('nis2').filter((id) => id.startsWith('IR-'))).toEqual(
      Array.from({ length: 13 }, (_, i) => `IR-${i + 1}`),
    );
    expect(notAssessable('gdpr')).toEqual(expect.arrayContaining(['GDPR-4.12', 'GDPR-5', 'GDPR-32']));
  });

  it('carry a note, and no control maps to them', () => {
    for (const f of frameworks)
      for (const r of f.requirements.filter((x) => !x.assessable)) {
        expect(r.note).toBeTruthy();
        expect(
          controls.flatMap((c) => c.mappings).some((m) => m.framework === f.id && m.requirement === r.id),
        ).toBe(false);
      }
  });

  it('are skipped by the coverage report', () => {
    const nis2 = frameworks.find((f) => f.id === 'nis2')!;
    const report = coverageReport(nis2, controls);
    expect(report.requirements.map((r) => r.requirement)).not.toContain('IR-6');
    expect(report.requirements.map((r) => r.requirement)).toContain('IR-6.7');
    expect(report.notAssessable).toBe(nis2.requirements.filter((r) => !r.assessable).length);
  });

  it('are skipped by the window roll-up and by status', async () => {
    const nis2 = frameworks.find((f) => f.id === 'nis2')!;
    const assessable = nis2.requirements.filter((r) => r.assessable).map((r) => r.id);
    const results = new MemoryResultsStore();
    const w = await evaluateFrameworkWindow({
      framework: nis2,
      controls,
      results,
      ledger: { latestCheckpoint: async () => undefined, get: async () => undefined },
      window: { start: '2027-01-01', end: '2027-01-07' },
    });
    expect(w.requirements.map((r) => r.requirementId)).toEqual(assessable);
    const [status] = await statusReport([nis2], controls, results);
    expect(status!.requirements.map((r) => r.id)).toEqual(assessable);
    expect(assessable).not.toContain('IR-6');
  });

  it('are reported by the integrity check when a control maps to one', () => {
    const c = structuredClone(controls);
    c[0]!.mappings.push({ framework: 'nis2', requirement: 'IR-6', relation: 'intersect' });
    expect(findIntegrityProblems(frameworks, c)).toEqual([
      `control ${c[0]!.id}: maps to non-assessable nis2 IR-6`,
    ]);
  });
});
