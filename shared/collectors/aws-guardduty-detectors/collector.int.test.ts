import { beforeAll, describe, expect, it } from '@jest/globals';
import { CreateDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { awsJsonError, faultProxyPerTest } from '../../../test/harness/fault-proxy.js';
import { awsTestConfig } from '../../../test/harness/aws.js';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector } from './collector.js';
import type { GuardDutyDetectorsData } from './schema.js';

const now = () => new Date('2026-03-01T00:00:00Z');
const scope = (region: string) => ({ account: '123456789012', region });
const json = { 'content-type': 'application/json' };
const listUrl = (url: string) => url.split('?')[0] === '/detector';

const proxy = faultProxyPerTest();

describe('aws-guardduty-detectors', () => {
  const region = 'sa-east-1';
  let detectorId: string;
  beforeAll(async () => {
    const gd = new GuardDutyClient(awsTestConfig(region));
    detectorId = (
      await gd.send(
        new CreateDetectorCommand({
          Enable: true,
          FindingPublishingFrequency: 'FIFTEEN_MINUTES',
          DataSources: { S3Logs: { Enable: true } },
          Features: [{ Name: 'RDS_LOGIN_EVENTS', Status: 'ENABLED' }],
        }),
      )
    ).DetectorId!;
  });

  it('reports no detector in a region without GuardDuty', async () => {
    const { envelope } = await collectEnvelope(collector, scope('ca-central-1'), {
      connection: awsTestConfig(),
      now,
    });
    expect(envelope.data).toEqual({ detectors: [] });
    expect(envelope.errors).toEqual([]);
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({ service: 'GuardDuty', operation: 'ListDetectors', pages: 1, items: 0 }),
    );
  });

  it('reports the detector status, frequency, data sources and features', async () => {
    const { envelope } = await collectEnvelope(collector, scope(region), {
      connection: awsTestConfig(),
      now,
    });
    const data = envelope.data as GuardDutyDetectorsData;
    expect(envelope.errors).toEqual([]);
    expect(data.detectors).toEqual([
      {
        detectorId,
        status: 'ENABLED',
        findingPublishingFrequency: 'FIFTEEN_MINUTES',
        createdAt: expect.any(String),
        dataSources: expect.objectContaining({
          S3Logs: 'ENABLED',
          CloudTrail: 'DISABLED',
          'Kubernetes.AuditLogs': 'DISABLED',
        }),
        features: [{ name: 'RDS_LOGIN_EVENTS', status: 'ENABLED' }],
      },
    ]);
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({ operation: 'GetDetector', params: { DetectorId: detectorId }, pages: 1 }),
    );
  });

  it('follows nextToken across ListDetectors pages', async () => {
    // AWS allows one detector per region and moto ignores maxResults, so the proxy serves moto's real
    // detector ids one per page.
    const pagedRegion = 'ap-south-1';
    const gd = new GuardDutyClient(awsTestConfig(pagedRegion));
    for (let i = 0; i < 3; i++) await gd.send(new CreateDetectorCommand({ Enable: i !== 1 }));
    const all = (await gd.send(new ListDetectorsCommand({}))).DetectorIds!;
    const asked: string[] = [];
    const connection = await proxy((req) => {
      if (!listUrl(req.url)) return undefined;
      const q = new URL(req.url, 'http://x').searchParams;
      asked.push(`${q.get('maxResults')}:${q.get('nextToken') ?? ''}`);
      const start = Number(q.get('nextToken') ?? '0');
      const end = start + Number(q.get('maxResults'));
      const body = {
        detectorIds: all.slice(start, end),
        ...(end < all.length ? { nextToken: String(end) } : {}),
      };
      return { status: 200, body: JSON.stringify(body), headers: json };
    });
    const { envelope } = await collectEnvelope(collector, scope(pagedRegion), {
      connection,
      now,
      extras: { pageSize: 1 },
    });
    const data = envelope.data as GuardDutyDetectorsData;
    expect(envelope.errors).toEqual([]);
    expect(asked).toEqual(['1:', '1:1', '1:2']);
    expect(data.detectors.map((d) => d.detectorId)).toEqual(all);
    expect(data.detectors.map((d) => d.status).sort()).toEqual(['DISABLED', 'ENABLED', 'ENABLED']);
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({ operation: 'ListDetectors', params: { MaxResults: 1 }, pages: 3, items: 3 }),
    );
  });

  it('records AccessDenied on one detector and still reports the others', async () => {
    const other = (
      await new GuardDutyClient(awsTestConfig(region)).send(new CreateDetectorCommand({ Enable: false }))
    ).DetectorId!;
    const connection = await proxy((req) =>
      req.url.startsWith(`/detector/${other}`)
        ? {
            status: 403,
            body: awsJsonError('AccessDeniedException'),
            headers: { ...json, 'x-amzn-errortype': 'AccessDeniedException' },
          }
        : undefined,
    );
    const { envelope } = await collectEnvelope(collector, scope(region), { connection, now });
    const data = envelope.data as GuardDutyDetectorsData;
    expect(data.detectors.map((d) => d.detectorId)).toEqual([detectorId]);
    expect(envelope.errors).toEqual([
      expect.objectContaining({ code: 'AccessDenied', resource: other, operation: 'GetDetector' }),
    ]);
    expect(envelope.provenance.complete).toBe(false);
  });

  it('turns a detector without a status into InvalidSourceData, and a truncated list into an error', async () => {
    let cut = false;
    const connection = await proxy((req) => {
      if (listUrl(req.url))
        return cut ? { status: 200, body: '{"detectorIds":["ab', headers: json } : undefined;
      if (req.url.startsWith('/detector/'))
        return {
          status: 200,
          body: JSON.stringify({ serviceRole: 'arn:aws:iam::123456789012:role/x' }),
          headers: json,
        };
      return undefined;
    });
    const missing = await collectEnvelope(collector, scope(region), { connection, now });
    expect(missing.envelope.data).toBeNull();
    expect(missing.envelope.errors).toEqual([
      expect.objectContaining({ code: 'InvalidSourceData', message: expect.stringContaining('status') }),
    ]);
    cut = true;
    const truncated = await collectEnvelope(collector, scope(region), { connection, now });
    expect(truncated.envelope.data).toBeNull();
    expect(truncated.envelope.errors).toEqual([expect.objectContaining({ operation: 'collect' })]);
  });
});
