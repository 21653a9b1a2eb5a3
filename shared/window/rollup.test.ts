import { describe, expect, it } from '@jest/globals';
import { rollUpRequirement, type RequirementStatus } from './rollup.js';

const req = (controls: string[]) => ({ id: 'CC6.1', controls });
const verdicts = new Map<string, RequirementStatus>([
  ['IAM-01', 'effective'],
  ['IAM-02', 'effective'],
  ['IAM-03', 'effective_with_exceptions'],
  ['IAM-04', 'not_effective'],
  ['IAM-05', 'insufficient_evidence'],
  ['GOV-01', 'manual'],
  ['GOV-02', 'manual'],
]);

describe('rollUpRequirement', () => {
  it('is effective when every mapped control is effective', () => {
    expect(rollUpRequirement(req(['IAM-01', 'IAM-02']), verdicts).status).toBe('effective');
  });
  it('is effective with exceptions when some controls have exceptions and none is worse', () => {
    expect(rollUpRequirement(req(['IAM-01', 'IAM-03']), verdicts).status).toBe('effective_with_exceptions');
  });
  it('is not effective when any control is not effective, whatever else', () => {
    expect(rollUpRequirement(req(['IAM-01', 'IAM-05', 'IAM-04']), verdicts).status).toBe('not_effective');
  });
  it('is insufficient when any control is insufficient or was not evaluated', () => {
    expect(rollUpRequirement(req(['IAM-01', 'IAM-05']), verdicts).status).toBe('insufficient_evidence');
    expect(rollUpRequirement(req(['IAM-01', 'NET-09']), verdicts).status).toBe('insufficient_evidence');
  });
  it('is manual when only manual controls map to it, and lists manual parts of mixed requirements', () => {
    expect(rollUpRequirement(req(['GOV-01', 'GOV-02']), verdicts)).toMatchObject({
      status: 'manual',
      manualControls: ['GOV-01', 'GOV-02'],
    });
    expect(rollUpRequirement(req(['GOV-01', 'IAM-01']), verdicts)).toMatchObject({
      status: 'effective',
      manualControls: ['GOV-01'],
    });
    expect(rollUpRequirement(req([]), verdicts).status).toBe('manual');
  });
});
