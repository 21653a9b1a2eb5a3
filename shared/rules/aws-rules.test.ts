import { describe, expect, it } from '@jest/globals';
import { loadControls } from '../../frameworks/index.js';
import { awsRules } from './aws-rules.js';

const controls = new Map(loadControls().map((c) => [c.id, c]));

describe('awsRules (the registry-wide checks are in types.test.ts)', () => {
  it('reads only AWS collectors', () => {
    for (const r of awsRules) expect(r.collector).toMatch(/^aws-/);
  });

  it('covers every automated control that reads an AWS collector but IAM-01', () => {
    // IAM-01 (workforce identities through SSO) is judged from Identity Center and IdP evidence.
    const served = new Set(awsRules.flatMap((r) => r.controls));
    const uncovered = [...controls.values()]
      .filter((c) => c.automation === 'automated' && c.collectors.some((id) => id.startsWith('aws-')))
      .map((c) => c.id)
      .filter((id) => !served.has(id) && id !== 'IAM-01');
    expect(uncovered).toEqual([]);
  });
});
