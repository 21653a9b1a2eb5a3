import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { awsTestConfig, motoEndpoint } from '../../../test/harness/aws.js';
import {
  awsXmlError,
  startFaultProxy,
  type FaultResponse,
  type ProxiedRequest,
} from '../../../test/harness/fault-proxy.js';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector, REPORT_WAIT } from './collector.js';
import { REPORT_COLUMNS } from './parse-report.js';
import type { CredentialReportData } from './schema.js';

const scope = { account: '123456789012', region: 'global' };
const noSleep = async () => {};
const deps = (endpoint?: string) => ({
  connection: { ...awsTestConfig(), ...(endpoint ? { endpoint } : {}) },
  now: () => new Date('2026-03-01T00:00:00Z'),
  extras: { sleep: noSleep },
});
const isAction = (req: ProxiedRequest, action: string) =>
  new RegExp(`(^|&)Action=${action}(&|$)`).test(req.body);

/** A GetCredentialReport answer in IAM's XML shape carrying `csv`. */
function reportResponse(csv: string, generated = '2026-02-28T23:00:00Z'): FaultResponse {
  const content = Buffer.from(csv).toString('base64');
  return {
    status: 200,
    body:
      '<GetCredentialReportResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetCredentialReportResult>' +
      `<Content>${content}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>${generated}</GeneratedTime>` +
      '</GetCredentialReportResult><ResponseMetadata><RequestId>fault-proxy</RequestId></ResponseMetadata></GetCredentialReportResponse>',
  };
}

const root =
  '<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,2026-02-01T10:00:00+00:00,' +
  'not_supported,not_supported,false,true,2021-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const dave =
  'dave,arn:aws:iam::123456789012:user/dave,2025-05-01T08:00:00+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,' +
  'false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';

async function withProxy(
  rule: (req: ProxiedRequest) => FaultResponse | undefined,
  fn: (endpoint: string) => Promise<void>,
): Promise<void> {
  const proxy = await startFaultProxy(motoEndpoint(), rule);
  try {
    await fn(proxy.endpoint);
  } finally {
    await proxy.close();
  }
}

describe('aws-iam-credential-report', () => {
  const iam = new IAMClient(awsTestConfig());

  beforeAll(async () => {
    // alice: console password, virtual MFA, one active key. bob: no password, no MFA, one inactive key. carol: nothing.
    for (const name of ['alice', 'bob', 'carol']) await iam.send(new CreateUserCommand({ UserName: name }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Correct-Horse-42!' }));
    const { VirtualMFADevice: mfa } = await iam.send(
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice' }),
    );
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: 'alice',
        SerialNumber: mfa!.SerialNumber,
        AuthenticationCode1: '123456',
        AuthenticationCode2: '654321',
      }),
    );
    await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    const { AccessKey: key } = await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
    await iam.send(
      new UpdateAccessKeyCommand({ UserName: 'bob', AccessKeyId: key!.AccessKeyId, Status: 'Inactive' }),
    );
  });

  it('collects password, MFA and access key facts per user, with observedAt the report time', async () => {
    const { envelope } = await collectEnvelope(collector, scope, deps());
    expect(envelope.errors).toEqual([]);
    expect(envelope.provenance.complete).toBe(true);
    const data = envelope.data as CredentialReportData;
    const byName = new Map(data.users.map((u) => [u.user, u]));
    expect(byName.get('alice')).toMatchObject({
      arn: 'arn:aws:iam::123456789012:user/alice',
      passwordEnabled: true,
      mfaActive: true,
      accessKey1: { active: true },
      accessKey2: { active: false, lastRotated: null, lastUsed: null },
    });
    expect(byName.get('alice')!.accessKey1.lastRotated).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(byName.get('bob')).toMatchObject({
      passwordEnabled: false,
      passwordLastUsed: null,
      mfaActive: false,
    });
    expect(byName.get('carol')).toMatchObject({
      passwordEnabled: false,
      mfaActive: false,
      accessKey1: { active: false },
    });
    // moto has no root row and a fixed generation time; both are taken as the source gives them.
    expect(data.root).toBeNull();
    expect(envelope.provenance.notes).toContain('the credential report has no <root_account> row');
    expect(envelope.observedAt).toBe(data.generatedAt);
    expect(envelope.observedAt).not.toBe(envelope.collectedAt);
    const ops = envelope.provenance.operations.map((o) => o.operation);
    expect(ops).toEqual(expect.arrayContaining(['GenerateCredentialReport', 'GetCredentialReport']));
    const get = envelope.provenance.operations.find((o) => o.operation === 'GetCredentialReport');
    expect(get).toMatchObject({ pages: 1, items: 1 });
    expect(get!.requestIds).toHaveLength(1);
    expect(get).not.toHaveProperty('error');
  });

  it('reads every row of a report with more users than one ListUsers page', async () => {
    for (let i = 0; i < 120; i += 1)
      await iam.send(new CreateUserCommand({ UserName: `bulk-${String(i).padStart(3, '0')}` }));
    const { envelope } = await collectEnvelope(collector, scope, deps());
    const data = envelope.data as CredentialReportData;
    expect(data.users).toHaveLength(123);
    expect(data.users.filter((u) => u.user.startsWith('bulk-'))).toHaveLength(120);
  });

  it('reads the <root_account> row when the report has one', async () => {
    const csv = `${REPORT_COLUMNS.join(',')}\n${root}\n${dave}\n`;
    await withProxy(
      (req) => (isAction(req, 'GetCredentialReport') ? reportResponse(csv) : undefined),
      async (endpoint) => {
        const { envelope } = await collectEnvelope(collector, scope, deps(endpoint));
        expect(envelope.errors).toEqual([]);
        const data = envelope.data as CredentialReportData;
        expect(data.root).toMatchObject({
          user: '<root_account>',
          passwordEnabled: null,
          mfaActive: false,
          accessKey1: { active: true },
        });
        expect(data.users.map((u) => u.user)).toEqual(['dave']);
        expect(envelope.observedAt).toBe('2026-02-28T23:00:00.000Z');
      },
    );
  });

  it.each([
    [
      'a renamed column',
      `${REPORT_COLUMNS.join(',').replace('mfa_active', 'mfa')}\n${dave}\n`,
      /missing columns: mfa_active/,
    ],
    [
      'a truncated report',
      `${REPORT_COLUMNS.join(',')}\n${root}\n${dave.slice(0, 70)}`,
      /line 3: \d+ fields/,
    ],
    [
      'an unreadable flag',
      `${REPORT_COLUMNS.join(',')}\n${dave.replace(',false,N/A,N/A,N/A,false,', ',false,N/A,N/A,N/A,yes,')}`,
      /mfa_active is "yes"/,
    ],
  ])('records %s as invalid source data, never as a report', async (_what, csv, message) => {
    await withProxy(
      (req) => (isAction(req, 'GetCredentialReport') ? reportResponse(csv) : undefined),
      async (endpoint) => {
        const { envelope } = await collectEnvelope(collector, scope, deps(endpoint));
        expect(envelope.data).toBeNull();
        expect(envelope.provenance.complete).toBe(false);
        expect(envelope.errors).toEqual([
          expect.objectContaining({
            code: 'InvalidSourceData',
            operation: 'collect',
            message: expect.stringMatching(message),
          }),
        ]);
      },
    );
  });

  it('records AccessDenied on GetCredentialReport as an error with no data', async () => {
    await withProxy(
      (req) =>
        isAction(req, 'GetCredentialReport')
          ? { status: 403, body: awsXmlError('AccessDenied', 'not allowed') }
          : undefined,
      async (endpoint) => {
        const { envelope } = await collectEnvelope(collector, scope, deps(endpoint));
        expect(envelope.data).toBeNull();
        expect(envelope.errors).toEqual([
          expect.objectContaining({
            code: 'AccessDenied',
            resource: 'credential-report',
            operation: 'GetCredentialReport',
          }),
        ]);
        expect(envelope.provenance.operations).toContainEqual(
          expect.objectContaining({ operation: 'GetCredentialReport', error: 'AccessDenied' }),
        );
      },
    );
  });

  it('gives up after a bounded number of attempts when the report never completes', async () => {
    const inProgress: FaultResponse = {
      status: 200,
      body:
        '<GenerateCredentialReportResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GenerateCredentialReportResult>' +
        '<State>INPROGRESS</State></GenerateCredentialReportResult><ResponseMetadata><RequestId>fault-proxy</RequestId>' +
        '</ResponseMetadata></GenerateCredentialReportResponse>',
    };
    const delays: number[] = [];
    await withProxy(
      (req) => (isAction(req, 'GenerateCredentialReport') ? inProgress : undefined),
      async (endpoint) => {
        const sleep = async (ms: number) => void delays.push(ms);
        const { envelope } = await collectEnvelope(collector, scope, {
          ...deps(endpoint),
          extras: { sleep },
        });
        expect(envelope.data).toBeNull();
        expect(envelope.errors).toEqual([
          expect.objectContaining({
            code: 'Timeout',
            message: expect.stringMatching(/last state INPROGRESS/),
          }),
        ]);
        expect(envelope.provenance.operations).toContainEqual(
          expect.objectContaining({ operation: 'GenerateCredentialReport', pages: REPORT_WAIT.attempts }),
        );
        expect(envelope.provenance.operations.map((o) => o.operation)).not.toContain('GetCredentialReport');
      },
    );
    expect(delays).toEqual(Array(REPORT_WAIT.attempts - 1).fill(REPORT_WAIT.delayMs));
  });
});
