import { afterEach, describe, expect, it } from '@jest/globals';
import { awsTestConfig } from '../../../test/harness/aws.js';
import { awsJsonError } from '../../../test/harness/fault-proxy.js';
import {
  startConfigStub,
  type ConfigStubOptions,
  type StubRule,
} from '../../../test/fixtures/aws-config-stub.js';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector } from './collector.js';
import type { ConfigComplianceData } from './schema.js';

const scope = { account: '123456789012', region: 'us-east-1' };
const deps = (endpoint = awsTestConfig().endpoint) => ({
  connection: { ...awsTestConfig(), endpoint },
  now: () => new Date('2026-03-01T00:00:00Z'),
});
const rulesOf = (d: unknown) => (d as ConfigComplianceData).rules;
const json = { 'content-type': 'application/x-amz-json-1.1' };

// 60 rules: more than two of AWS's 25-rule pages. The last 5 have no compliance result yet.
const RULES: StubRule[] = Array.from({ length: 60 }, (_, i) => {
  const name = `rule-${String(i).padStart(2, '0')}`;
  if (i === 0)
    return {
      name,
      owner: 'AWS',
      sourceIdentifier: 'S3_BUCKET_VERSIONING_ENABLED',
      compliance: { type: 'NON_COMPLIANT', nonCompliant: 3 },
    };
  if (i === 1)
    return {
      name,
      owner: 'AWS',
      sourceIdentifier: 'IAM_USER_MFA_ENABLED',
      compliance: { type: 'NON_COMPLIANT', nonCompliant: 100, capExceeded: true },
    };
  if (i === 2)
    return {
      name,
      owner: 'CUSTOM_LAMBDA',
      sourceIdentifier: 'arn:aws:lambda:us-east-1:123456789012:function:check',
      compliance: { type: 'COMPLIANT' },
    };
  if (i === 3)
    return {
      name,
      owner: 'AWS',
      sourceIdentifier: 'RDS_STORAGE_ENCRYPTED',
      compliance: { type: 'NOT_APPLICABLE' },
    };
  if (i >= 55) return { name, owner: 'AWS', sourceIdentifier: 'CLOUDTRAIL_ENABLED', state: 'EVALUATING' };
  return {
    name,
    owner: 'AWS',
    sourceIdentifier: 'S3_BUCKET_SSL_REQUESTS_ONLY',
    compliance: { type: 'COMPLIANT' },
  };
});

let stub: Awaited<ReturnType<typeof startConfigStub>> | undefined;
const start = async (options: Partial<ConfigStubOptions> = {}) => {
  stub = await startConfigStub(awsTestConfig().endpoint, { rules: RULES, ...options });
  return stub;
};
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

describe('aws-config-compliance', () => {
  it('joins every rule across pages with its compliance type and non-compliant count', async () => {
    const s = await start();
    const { envelope } = await collectEnvelope(collector, scope, deps(s.endpoint));
    expect(envelope.errors).toEqual([]);
    const rules = rulesOf(envelope.data);
    expect(rules).toHaveLength(60);
    expect(rules[0]).toEqual({
      name: 'rule-00',
      arn: 'arn:aws:config:us-east-1:123456789012:config-rule/config-rule-000000',
      id: 'config-rule-000000',
      sourceOwner: 'AWS',
      sourceIdentifier: 'S3_BUCKET_VERSIONING_ENABLED',
      state: 'ACTIVE',
      createdBy: null,
      complianceType: 'NON_COMPLIANT',
      nonCompliantResourceCount: 3,
      nonCompliantCountCapped: false,
    });
    expect(rules[1]).toMatchObject({ nonCompliantResourceCount: 100, nonCompliantCountCapped: true });
    expect(rules[2]).toMatchObject({
      sourceOwner: 'CUSTOM_LAMBDA',
      complianceType: 'COMPLIANT',
      nonCompliantResourceCount: null,
    });
    expect(rules[3]?.complianceType).toBe('NOT_APPLICABLE');
    expect(rules[59]).toMatchObject({
      state: 'EVALUATING',
      complianceType: null,
      nonCompliantCountCapped: null,
    });

    const tokens = (op: string) =>
      s
        .requests()
        .filter((r) => r.operation === op)
        .map((r) => r.nextToken);
    expect(tokens('DescribeConfigRules')).toEqual([undefined, expect.any(String), expect.any(String)]);
    expect(tokens('DescribeComplianceByConfigRule')).toEqual([
      undefined,
      expect.any(String),
      expect.any(String),
    ]);
    expect(envelope.provenance.operations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          service: 'ConfigService',
          operation: 'DescribeConfigRules',
          pages: 3,
          items: 60,
        }),
        expect.objectContaining({
          service: 'ConfigService',
          operation: 'DescribeComplianceByConfigRule',
          pages: 3,
          items: 55,
        }),
      ]),
    );
  });

  it('turns a truncated second compliance page into an error naming the call, never a partial pass', async () => {
    const s = await start({
      fault: (op, page) =>
        op === 'DescribeComplianceByConfigRule' && page === 1
          ? { status: 200, body: '{"ComplianceByConfigRules":[{"ConfigRuleName":"rule-2', headers: json }
          : undefined,
    });
    const { envelope } = await collectEnvelope(collector, scope, deps(s.endpoint));
    expect(envelope.errors).toEqual([
      expect.objectContaining({ resource: 'config-rules', operation: 'DescribeComplianceByConfigRule' }),
    ]);
    expect(envelope.provenance.complete).toBe(false);
    // The first page's compliance is kept; rules it did not reach have no compliance fields (unknown, not null).
    const rules = rulesOf(envelope.data);
    expect(rules).toHaveLength(60);
    expect(rules[0]).toMatchObject({ name: 'rule-00', complianceType: 'NON_COMPLIANT' });
    expect(rules[30]).not.toHaveProperty('complianceType');
    expect(rules[30]).not.toHaveProperty('nonCompliantResourceCount');
  });

  it('rejects a page without its list, or an unknown compliance type, as invalid source data', async () => {
    for (const fault of [
      (op: string) => (op === 'DescribeConfigRules' ? { status: 200, body: '{}', headers: json } : undefined),
      (op: string) =>
        op === 'DescribeComplianceByConfigRule'
          ? {
              status: 200,
              body: JSON.stringify({
                ComplianceByConfigRules: [
                  { ConfigRuleName: 'rule-00', Compliance: { ComplianceType: 'MOSTLY_FINE' } },
                ],
              }),
              headers: json,
            }
          : undefined,
    ]) {
      const s = await start({ fault });
      const { envelope } = await collectEnvelope(collector, scope, deps(s.endpoint));
      expect(envelope.data).toBeNull();
      expect(envelope.errors).toEqual([expect.objectContaining({ code: 'InvalidSourceData' })]);
      await s.close();
      stub = undefined;
    }
  });

  it('records AccessDenied on the compliance listing as an error', async () => {
    const s = await start({
      fault: (op) =>
        op === 'DescribeComplianceByConfigRule'
          ? { status: 400, body: awsJsonError('AccessDeniedException', 'not authorized'), headers: json }
          : undefined,
    });
    const { envelope } = await collectEnvelope(collector, scope, deps(s.endpoint));
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'AccessDenied',
        resource: 'config-rules',
        operation: 'DescribeComplianceByConfigRule',
      }),
    ]);
    // The rule definitions were read: kept, with their compliance unknown.
    const rules = rulesOf(envelope.data);
    expect(rules).toHaveLength(60);
    expect(rules.every((r) => !('complianceType' in r))).toBe(true);
  });

  it('on the bare emulator (no DescribeComplianceByConfigRule), reports an error rather than rules without results', async () => {
    const { envelope } = await collectEnvelope(collector, scope, deps());
    expect(envelope.data).toEqual({ rules: [] });
    expect(envelope.errors).toEqual([
      expect.objectContaining({ resource: 'config-rules', operation: 'DescribeComplianceByConfigRule' }),
    ]);
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({ operation: 'DescribeComplianceByConfigRule', error: expect.any(String) }),
    );
  });
});
