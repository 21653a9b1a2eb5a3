import { describe, expect, it } from '@jest/globals';
import { loadControls } from '../../frameworks/index.js';
import { awsRules } from './aws-rules.js';
import { rules } from './registry.js';

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

  it('cites the CIS AWS Foundations Benchmark v4.0.1 and Prowler check ids in every AWS rule', () => {
    // Rules over another tool's findings (Security Hub controls) judge that tool's checks, not a CIS recommendation.
    const aws = rules.filter(
      (r) => r.collector.startsWith('aws-') && r.collector !== 'aws-securityhub-findings',
    );
    const missing = aws
      .filter(
        (r) =>
          !Array.isArray(r.benchmarks?.cis) ||
          !(r.benchmarks?.prowler?.length || r.benchmarks?.noProwlerCheck),
      )
      .map((r) => r.id);
    expect(missing).toEqual([]);
    for (const r of aws) {
      for (const c of r.benchmarks!.cis!) expect(c).toMatch(/^[1-5](\.\d{1,2}){1,2}$/);
      for (const p of r.benchmarks!.prowler!) expect(p).toMatch(/^[a-z0-9]+(_[a-z0-9]+)+$/);
    }
    const cited = new Map(aws.map((r) => [r.id, r.benchmarks!.cis]));
    expect(cited.get('iam-root-access-key-absent')).toEqual(['1.4']);
    expect(cited.get('iam-root-mfa-enabled')).toEqual(['1.5']);
    expect(cited.get('cloudtrail-trail-multi-region-logging')).toEqual(['3.1']);
  });
});
