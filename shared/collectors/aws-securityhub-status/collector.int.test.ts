import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  BatchImportFindingsCommand,
  EnableSecurityHubCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
} from '@aws-sdk/client-securityhub';
import {
  awsJsonError,
  type ProxiedRequest,
  faultProxyPerTest,
  type FaultResponse,
} from '../../../test/harness/fault-proxy.js';
import { awsTestConfig } from '../../../test/harness/aws.js';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector } from './collector.js';
import type { SecurityHubStatusData } from './schema.js';

const now = () => new Date('2026-03-01T00:00:00Z');
const scope = (region: string) => ({ account: '123456789012', region });
const json = { 'content-type': 'application/json' };
const cisArn = 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0';
const fsbpArn = 'arn:aws:securityhub:eu-west-3::standards/aws-foundational-security-best-practices/v/1.0.0';

// moto 5.2.1 does not implement GetEnabledStandards (it answers an HTML 404): the proxy answers it in the
// real REST-JSON shape (POST /standards/get) and forwards everything else to moto.
const standardsPage = {
  StandardsSubscriptions: [
    {
      StandardsSubscriptionArn: 'arn:aws:securityhub:eu-west-3:123456789012:subscription/cis/v/1.2.0',
      StandardsArn: cisArn,
      StandardsInput: {},
      StandardsStatus: 'READY',
    },
    {
      StandardsSubscriptionArn: 'arn:aws:securityhub:eu-west-3:123456789012:subscription/fsbp/v/1.0.0',
      StandardsArn: fsbpArn,
      StandardsInput: {},
      StandardsStatus: 'INCOMPLETE',
    },
  ],
};
const isStandards = (req: ProxiedRequest) => req.method === 'POST' && req.url.startsWith('/standards/get');
const viaProxy = faultProxyPerTest();
/** A proxy applying `rule`, then serving GetEnabledStandards (moto lacks it). */
const proxy = (rule: (req: ProxiedRequest) => FaultResponse | undefined) =>
  viaProxy(
    (req) =>
      rule(req) ??
      (isStandards(req) ? { status: 200, body: JSON.stringify(standardsPage), headers: json } : undefined),
  );

function finding(
  i: number,
  label: string,
  compliance: 'FAILED' | 'PASSED',
  state: 'ACTIVE' | 'ARCHIVED',
  region: string,
): AwsSecurityFinding {
  return {
    SchemaVersion: '2018-10-08',
    Id: `finding-${region}-${i}`,
    ProductArn: `arn:aws:securityhub:${region}::product/aws/securityhub`,
    GeneratorId: 'test',
    AwsAccountId: '123456789012',
    Types: ['Software and Configuration Checks'],
    CreatedAt: '2026-02-01T00:00:00Z',
    UpdatedAt: '2026-02-01T00:00:00Z',
    Severity: { Label: label as 'HIGH' },
    Title: `finding ${i}`,
    Description: 'seeded',
    Resources: [{ Type: 'AwsAccount', Id: 'AWS::::Account:123456789012' }],
    Compliance: { Status: compliance },
    RecordState: state,
  };
}

async function enableWithFindings(region: string, findings: AwsSecurityFinding[]) {
  const sh = new SecurityHubClient(awsTestConfig(region));
  await sh.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
  if (findings.length) await sh.send(new BatchImportFindingsCommand({ Findings: findings }));
}

describe('aws-securityhub-status', () => {
  const region = 'eu-west-3';
  beforeAll(async () => {
    await enableWithFindings(region, [
      finding(1, 'CRITICAL', 'FAILED', 'ACTIVE', region),
      finding(2, 'HIGH', 'FAILED', 'ACTIVE', region),
      finding(3, 'HIGH', 'FAILED', 'ACTIVE', region),
      finding(4, 'HIGH', 'PASSED', 'ACTIVE', region),
      finding(5, 'LOW', 'FAILED', 'ARCHIVED', region),
    ]);
  });

  it('reports a region without Security Hub as not enabled, without errors', async () => {
    const { envelope } = await collectEnvelope(collector, scope('eu-south-1'), {
      connection: awsTestConfig(),
      now,
    });
    expect(envelope.data).toMatchObject({
      enabled: false,
      hubArn: null,
      standards: null,
      failedFindingsBySeverity: null,
    });
    expect(envelope.errors).toEqual([]);
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({
        service: 'SecurityHub',
        operation: 'DescribeHub',
        error: 'InvalidAccessException',
      }),
    );
  });

  it('reports the hub, its standards and active failed findings by severity', async () => {
    const connection = await proxy(() => undefined);
    const { envelope } = await collectEnvelope(collector, scope(region), { connection, now });
    const data = envelope.data as SecurityHubStatusData;
    expect(envelope.errors).toEqual([]);
    expect(data).toMatchObject({
      enabled: true,
      hubArn: `arn:aws:securityhub:${region}:123456789012:hub/default`,
      autoEnableControls: true,
    });
    expect(data.standards).toEqual([
      { standardsArn: cisArn, subscriptionArn: expect.stringContaining('subscription/cis'), status: 'READY' },
      {
        standardsArn: fsbpArn,
        subscriptionArn: expect.stringContaining('subscription/fsbp'),
        status: 'INCOMPLETE',
      },
    ]);
    // The PASSED and the ARCHIVED findings are not counted even though moto ignores the request's filters.
    expect(data.failedFindingsBySeverity).toEqual({ CRITICAL: 1, HIGH: 2 });
    const findingsOp = envelope.provenance.operations.find((o) => o.operation === 'GetFindings')!;
    expect(findingsOp.params).toMatchObject({
      Filters: { RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }] },
    });
  });

  it('follows NextToken across GetFindings pages', async () => {
    const pagedRegion = 'eu-west-2';
    await enableWithFindings(
      pagedRegion,
      Array.from({ length: 7 }, (_, i) =>
        finding(i, i % 2 ? 'MEDIUM' : 'LOW', 'FAILED', 'ACTIVE', pagedRegion),
      ),
    );
    const connection = await proxy(() => undefined);
    const { envelope } = await collectEnvelope(collector, scope(pagedRegion), {
      connection,
      now,
      extras: { pageSize: 3 },
    });
    const data = envelope.data as SecurityHubStatusData;
    expect(envelope.errors).toEqual([]);
    expect(data.failedFindingsBySeverity).toEqual({ LOW: 4, MEDIUM: 3 });
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({ operation: 'GetFindings', pages: 3, items: 7 }),
    );
  });

  it('records AccessDenied on the findings and still reports the hub and standards', async () => {
    const connection = await proxy((req) =>
      req.method === 'POST' && req.url.startsWith('/findings')
        ? {
            status: 403,
            body: awsJsonError('AccessDeniedException'),
            headers: { ...json, 'x-amzn-errortype': 'AccessDeniedException' },
          }
        : undefined,
    );
    const { envelope } = await collectEnvelope(collector, scope(region), { connection, now });
    const data = envelope.data as SecurityHubStatusData;
    expect(data).toMatchObject({ enabled: true, failedFindingsBySeverity: null });
    expect(data.standards).toHaveLength(2);
    expect(envelope.errors).toEqual([
      expect.objectContaining({ code: 'AccessDenied', resource: 'findings', operation: 'GetFindings' }),
    ]);
    expect(envelope.provenance.complete).toBe(false);
  });

  it('records an endpoint without GetEnabledStandards as an error, never as no standards', async () => {
    const { envelope } = await collectEnvelope(collector, scope(region), {
      connection: awsTestConfig(),
      now,
    });
    expect((envelope.data as SecurityHubStatusData).standards).toBeNull();
    expect(envelope.errors).toEqual([
      expect.objectContaining({ resource: 'standards', operation: 'GetEnabledStandards' }),
    ]);
  });

  it('turns a hub answer without its ARN into InvalidSourceData, and a truncated one into an error', async () => {
    let body = JSON.stringify({ SubscribedAt: '2026-01-01T00:00:00Z' });
    const connection = await proxy((req) =>
      req.method === 'GET' && req.url.startsWith('/accounts')
        ? { status: 200, body, headers: json }
        : undefined,
    );
    const missing = await collectEnvelope(collector, scope(region), { connection, now });
    expect(missing.envelope.data).toBeNull();
    expect(missing.envelope.errors).toEqual([
      expect.objectContaining({ code: 'InvalidSourceData', message: expect.stringContaining('hubArn') }),
    ]);
    body = '{"HubArn":"arn:aws:secur';
    const cut = await collectEnvelope(collector, scope(region), { connection, now });
    expect(cut.envelope.data).toBeNull();
    expect(cut.envelope.errors).toEqual([expect.objectContaining({ operation: 'collect' })]);
  });
});
