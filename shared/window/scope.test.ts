import { describe, expect, it } from '@jest/globals';
import { loadFrameworks } from '../../frameworks/index.js';
import { ConfigError } from '../errors.js';
import { evaluateWindow, whollyNotApplicable } from './evaluate.js';
import { rollUpRequirement } from './rollup.js';
import { exclusionsFor, mayBeOutOfScope } from './scope.js';

const frameworks = new Map(loadFrameworks().map((f) => [f.id, f]));
const iso = frameworks.get('iso27001-2022')!;
const soc2 = frameworks.get('soc2-2017')!;
const window = { start: '2026-01-01', end: '2026-01-10' };
const daily = (status: 'PASS' | 'NOT_APPLICABLE', days = 10) =>
  Array.from({ length: days }, (_, d) => ({ observedAt: Date.UTC(2026, 0, 1 + d, 12), status }));

describe('NOT_APPLICABLE in the window', () => {
  it('is not met: a control that was never applicable has insufficient evidence, saying why', () => {
    const r = evaluateWindow({
      window,
      control: { id: 'DAT-01', frequency: 'daily' },
      results: daily('NOT_APPLICABLE'),
    });
    expect(r.counts).toMatchObject({ PASS: 0, UNKNOWN: 10 });
    expect(r.notApplicablePeriods).toBe(10);
    expect(r.verdict).toBe('insufficient_evidence');
    expect(r.verdictReason).toContain('NOT_APPLICABLE, which is not met unless the requirement is excluded');
    expect(whollyNotApplicable(r)).toBe(true);
  });

  it('does not hide a PASS: a period with one PASS among NOT_APPLICABLE results is PASS', () => {
    const results = [
      ...daily('NOT_APPLICABLE'),
      ...daily('PASS').map((x) => ({ ...x, observedAt: x.observedAt + 1 })),
    ];
    const r = evaluateWindow({ window, control: { id: 'DAT-01', frequency: 'daily' }, results });
    expect(r.counts.PASS).toBe(10);
    expect(whollyNotApplicable(r)).toBe(false);
  });

  it('counts a never-applicable control as met only for a requirement excluded with a reason', () => {
    const verdicts = new Map([['DAT-01', 'insufficient_evidence' as const]]);
    const req = { id: 'A.8.12', controls: ['DAT-01'] };
    expect(rollUpRequirement(req, verdicts).status).toBe('insufficient_evidence');
    const out = rollUpRequirement(req, verdicts, {
      excludedBecause: 'no data leakage channel in scope',
      notApplicable: new Set(['DAT-01']),
    });
    expect(out).toMatchObject({ status: 'effective', excluded: 'no data leakage channel in scope' });
  });
});

describe('scope exclusions', () => {
  it('allows ISO Annex A controls and SOC 2 categories other than Security, nothing else', () => {
    expect(mayBeOutOfScope(iso, 'A.8.12')).toBe(true);
    expect(mayBeOutOfScope(iso, '9.2')).toBe(false);
    expect(mayBeOutOfScope(soc2, 'A1.2')).toBe(true);
    expect(mayBeOutOfScope(soc2, 'CC6.1')).toBe(false);
    expect(mayBeOutOfScope(frameworks.get('gdpr')!, frameworks.get('gdpr')!.requirements[0]!.id)).toBe(false);
  });

  it('refuses, listing each, exclusions the framework does not allow or that name no requirement', () => {
    const ok = exclusionsFor(iso, [
      { framework: 'iso27001-2022', requirement: 'A.7.4', reason: 'no premises of our own' },
    ]);
    expect(ok.get('A.7.4')).toBe('no premises of our own');
    let err: unknown;
    try {
      exclusionsFor(iso, [
        { framework: 'iso27001-2022', requirement: '9.2', reason: 'we do not audit ourselves' },
        { framework: 'iso27001-2022', requirement: 'A.99', reason: 'does not exist at all' },
      ]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).issues).toEqual([
      'exclusions: iso27001-2022 9.2 cannot be declared out of scope (the framework does not allow it)',
      'exclusions: iso27001-2022 has no requirement A.99',
    ]);
  });
});
