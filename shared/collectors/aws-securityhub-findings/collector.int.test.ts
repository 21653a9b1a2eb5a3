import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  BatchImportFindingsCommand,
  EnableSecurityHubCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
} from '@aws-sdk/client-securityhub';
import { faultProxyPerTest } from '../../../test/harness/fault-proxy.js';
import { awsTestConfig } from '../../../test/harness/aws.js';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector } from './collector.js';
import type { SecurityHubFindingsData } from './schema.js';

const account = '123456789012';
const now = () => new Date('2026-03-01T00:00:00Z');
const scope = (region: string) => ({ account, region });
const fsbp = 'standards/aws-foundational-security-best-practices/v/1.0.0';

function finding(
  id: string,
  control: string | null,
  status: 'FAILED' | 'PASSED',
  opts: { region?: string; account?: string; state?: 'ACTIVE' | 'ARCHIVED' } = {},
): AwsSecurityFinding {
  const region = opts.region ?? 'eu-west-1';
  return {
    SchemaVersion: '2018-10-08',
    Id: id,
    ProductArn: `arn:aws:securityhub:${region}::product/aws/securityhub`,
    GeneratorId: control ? `security-control/${control}` : 'custom',
    AwsAccountId: opts.account ?? account,
    Region: region,
    Types: ['Software and Configuration Checks'],
    CreatedAt: '2026-02-01T00:00:00Z',
    UpdatedAt: '2026-02-02T00:00:00Z',
    Severity: { Label: 'HIGH' },
    Title: `${control ?? 'custom'} check`,
    Description: 'seeded',
    Resources: [{ Type: 'AwsAccount', Id: `AWS::::Account:${opts.account ?? account}` }],
    Compliance: {
      Status: status,
      ...(control ? { SecurityControlId: control, AssociatedStandards: [{ StandardsId: fsbp }] } : {}),
    },
    Workflow: { Status: 'NEW' },
    RecordState: opts.state ?? 'ACTIVE',
  };
}

const proxy = faultProxyPerTest();

describe('aws-securityhub-findings', () => {
  const region = 'eu-west-1';
  beforeAll(async () => {
    const sh = new SecurityHubClient(awsTestConfig(region));
    await sh.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    await sh.send(
      new BatchImportFindingsCommand({
        Findings: [
          finding('f-3', 'S3.8', 'PASSED'),
          finding('f-1', 'IAM.6', 'FAILED'),
          finding('f-2', null, 'FAILED'),
          finding('f-4', 'KMS.4', 'FAILED', { state: 'ARCHIVED' }),
          finding('f-5', 'IAM.6', 'FAILED', { account: '210987654321' }),
          finding('f-6', 'EC2.7', 'FAILED', { region: 'eu-central-1' }),
        ],
      }),
    );
  });

  it('reports a region without Security Hub as not enabled, without errors', async () => {
    const { envelope } = await collectEnvelope(collector, scope('eu-south-1'), {
      connection: awsTestConfig(),
      now,
    });
    expect(envelope.data).toEqual({ enabled: false, findings: [] });
    expect(envelope.errors).toEqual([]);
  });

  it("keeps only the scope's active findings, sorted by id, with control ids and standards", async () => {
    const { envelope } = await collectEnvelope(collector, scope(region), {
      connection: awsTestConfig(),
      now,
    });
    const data = envelope.data as SecurityHubFindingsData;
    expect(envelope.errors).toEqual([]);
    // Archived (f-4), another account's (f-5) and another region's (f-6) findings are left out even though
    // moto ignores the request's filters.
    expect(data.findings.map((f) => f.id)).toEqual(['f-1', 'f-2', 'f-3']);
    expect(data.findings[0]).toEqual({
      id: 'f-1',
      productArn: `arn:aws:securityhub:${region}::product/aws/securityhub`,
      generatorId: 'security-control/IAM.6',
      securityControlId: 'IAM.6',
      standards: [fsbp],
      title: 'IAM.6 check',
      severity: 'HIGH',
      complianceStatus: 'FAILED',
      workflowStatus: 'NEW',
      resources: [{ type: 'AwsAccount', id: `AWS::::Account:${account}` }],
      updatedAt: '2026-02-02T00:00:00Z',
    });
    expect(data.findings[1]!.securityControlId).toBeNull();
    const op = envelope.provenance.operations.find((o) => o.operation === 'GetFindings')!;
    expect(op.params).toMatchObject({
      Filters: {
        AwsAccountId: [{ Value: account, Comparison: 'EQUALS' }],
        Region: [{ Value: region, Comparison: 'EQUALS' }],
      },
    });
  });

  it('follows NextToken across GetFindings pages and records them in provenance', async () => {
    const bodies: string[] = [];
    const all = (await collectEnvelope(collector, scope(region), { connection: awsTestConfig(), now }))
      .envelope.data as SecurityHubFindingsData;
    expect(all.findings).toHaveLength(3);
    // The proxy splits moto's answer into pages of one finding, the way AWS pages with MaxResults.
    const connection = await proxy((req) => {
      if (!(req.method === 'POST' && req.url.startsWith('/findings'))) return undefined;
      const asked = JSON.parse(req.body || '{}') as { NextToken?: string; MaxResults?: number };
      bodies.push(`${asked.MaxResults}:${asked.NextToken ?? ''}`);
      const start = Number(asked.NextToken ?? '0');
      const raw = [
        finding('f-1', 'IAM.6', 'FAILED'),
        finding('f-2', null, 'FAILED'),
        finding('f-3', 'S3.8', 'PASSED'),
      ];
      const body = {
        Findings: raw.slice(start, start + 1),
        ...(start < 2 ? { NextToken: String(start + 1) } : {}),
      };
      return { status: 200, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
    });
    const { envelope } = await collectEnvelope(collector, scope(region), {
      connection,
      now,
      extras: { pageSize: 1 },
    });
    expect(envelope.errors).toEqual([]);
    expect(bodies).toEqual(['1:', '1:1', '1:2']);
    expect((envelope.data as SecurityHubFindingsData).findings).toEqual(all.findings);
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({ operation: 'GetFindings', pages: 3, items: 3 }),
    );
  });
});
