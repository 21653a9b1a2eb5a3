import { ruleContext } from './types.js';
import { describe, expect, it } from '@jest/globals';
import type { SecurityHubFinding } from '../collectors/aws-securityhub-findings/schema.js';
import { rule } from './securityhub-control-findings-passed.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const f = (id: string, control: string | null, status: string | null, resource = `arn:aws:s3:::${id}`) =>
  ({
    id,
    productArn: 'arn:aws:securityhub:eu-west-1::product/aws/securityhub',
    generatorId: `security-control/${control}`,
    securityControlId: control,
    standards: ['standards/aws-foundational-security-best-practices/v/1.0.0'],
    title: `${control} check`,
    severity: 'HIGH',
    complianceStatus: status,
    workflowStatus: 'NEW',
    resources: [{ type: 'AwsS3Bucket', id: resource }],
    updatedAt: '2026-02-01T00:00:00Z',
  }) satisfies SecurityHubFinding;

describe('securityhub-control-findings-passed', () => {
  it('returns PASS when every mapped control finding PASSED', () => {
    const r = rule.evaluate(
      { enabled: true, findings: [f('a', 'S3.8', 'PASSED'), f('b', 'IAM.6', 'PASSED')] },
      ctx,
    );
    expect(r.status).toBe('PASS');
    expect(r.reason).toContain('2 mapped Security Hub controls');
  });

  it('returns FAIL naming the resource, the control and its common control when one FAILED', () => {
    const r = rule.evaluate(
      { enabled: true, findings: [f('a', 'S3.8', 'PASSED'), f('b', 'S3.8', 'FAILED')] },
      ctx,
    );
    expect(r.status).toBe('FAIL');
    expect(r.failing).toEqual([
      { resource: 'arn:aws:s3:::b', reason: expect.stringMatching(/^S3\.8 .*common control DAT-01/) },
    ]);
  });

  it('returns NOT_APPLICABLE, not PASS, when no finding shows a mapped check ran', () => {
    const unmapped = rule.evaluate(
      {
        enabled: true,
        findings: [f('a', null, 'FAILED'), f('b', 'Macie.1', 'PASSED'), f('c', 'S3.8', 'NOT_AVAILABLE')],
      },
      ctx,
    );
    expect(unmapped.status).toBe('NOT_APPLICABLE');
    expect(unmapped.reason).toContain('nothing shows the checks ran');
    expect(rule.evaluate({ enabled: true, findings: [] }, ctx).status).toBe('NOT_APPLICABLE');
  });

  it('returns NOT_APPLICABLE when Security Hub is off in the region', () => {
    expect(rule.evaluate({ enabled: false, findings: [] }, ctx)).toMatchObject({
      status: 'NOT_APPLICABLE',
      reason: expect.stringContaining('not enabled'),
    });
  });
});
