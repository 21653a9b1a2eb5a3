import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  BackupClient,
  CreateBackupPlanCommand,
  CreateBackupVaultCommand,
  ListBackupPlansCommand,
  PutBackupVaultLockConfigurationCommand,
} from '@aws-sdk/client-backup';
import {
  awsJsonError,
  type ProxiedRequest,
  faultProxyPerTest,
  type FaultResponse,
} from '../../../test/harness/fault-proxy.js';
import { awsTestConfig } from '../../../test/harness/aws.js';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector } from './collector.js';
import type { BackupPlansData } from './schema.js';

const region = 'eu-west-1';
const scope = (r = region) => ({ account: '123456789012', region: r });
const now = () => new Date('2026-03-01T00:00:00Z');
const json = { 'content-type': 'application/json' };
const path = (req: ProxiedRequest) => req.url.split('?')[0]!;
const selectionsOf = (req: ProxiedRequest) =>
  /^\/backup\/plans\/([^/]+)\/selections\/?$/.exec(path(req))?.[1];
const denied = {
  status: 403,
  body: awsJsonError('AccessDeniedException'),
  headers: { ...json, 'x-amzn-errortype': 'AccessDeniedException' },
};

// moto 5.2.1 implements plans and vaults but not ListBackupSelections: the proxy answers that call in
// the real REST-JSON shape (GET /backup/plans/{id}/selections/) and forwards everything else to moto.
function selectionsStub(req: ProxiedRequest) {
  const planId = selectionsOf(req);
  if (!planId || req.method !== 'GET') return undefined;
  const list = [
    {
      SelectionId: `sel-${planId.slice(0, 8)}`,
      SelectionName: 'tagged-prod',
      BackupPlanId: planId,
      IamRoleArn: 'arn:aws:iam::123456789012:role/backup',
      CreationDate: 1767225600,
    },
  ];
  return { status: 200, body: JSON.stringify({ BackupSelectionsList: list }), headers: json };
}
const viaProxy = faultProxyPerTest();
/** A proxy applying `rule`, then serving ListBackupSelections (moto lacks it). */
const proxy = (rule: (req: ProxiedRequest) => FaultResponse | undefined = () => undefined) =>
  viaProxy((req) => rule(req) ?? selectionsStub(req));
const copyTarget = 'arn:aws:backup:eu-central-1:123456789012:backup-vault:dr';

describe('aws-backup-plans', () => {
  const plans: Record<string, string> = {};
  beforeAll(async () => {
    const backup = new BackupClient(awsTestConfig(region));
    await backup.send(new CreateBackupVaultCommand({ BackupVaultName: 'locked-vault' }));
    await backup.send(
      new PutBackupVaultLockConfigurationCommand({
        BackupVaultName: 'locked-vault',
        MinRetentionDays: 7,
        MaxRetentionDays: 365,
      }),
    );
    await backup.send(new CreateBackupVaultCommand({ BackupVaultName: 'open-vault' }));
    plans.daily = (
      await backup.send(
        new CreateBackupPlanCommand({
          BackupPlan: {
            BackupPlanName: 'daily',
            Rules: [
              {
                RuleName: 'daily-35d',
                TargetBackupVaultName: 'locked-vault',
                ScheduleExpression: 'cron(0 3 * * ? *)',
                Lifecycle: { DeleteAfterDays: 35 },
                CopyActions: [{ DestinationBackupVaultArn: copyTarget }],
              },
            ],
          },
        }),
      )
    ).BackupPlanId!;
    plans.forever = (
      await backup.send(
        new CreateBackupPlanCommand({
          BackupPlan: {
            BackupPlanName: 'keep-forever',
            Rules: [{ RuleName: 'weekly', TargetBackupVaultName: 'open-vault' }],
          },
        }),
      )
    ).BackupPlanId!;
  });

  it('reports plan rules with schedule and retention, selections, and vault lock status', async () => {
    const { envelope } = await collectEnvelope(collector, scope(), { connection: await proxy(), now });
    const data = envelope.data as BackupPlansData;
    expect(envelope.errors).toEqual([]);
    const byName = new Map(data.plans.map((p) => [p.name, p]));
    expect(byName.get('daily')).toMatchObject({
      id: plans.daily,
      rules: [
        {
          name: 'daily-35d',
          vaultName: 'locked-vault',
          schedule: 'cron(0 3 * * ? *)',
          deleteAfterDays: 35,
          moveToColdStorageAfterDays: null,
          copyDestinations: [copyTarget],
        },
      ],
      selections: [{ id: `sel-${plans.daily!.slice(0, 8)}`, name: 'tagged-prod' }],
    });
    expect(byName.get('keep-forever')!.rules).toEqual([
      expect.objectContaining({ name: 'weekly', deleteAfterDays: null, copyDestinations: [] }),
    ]);
    const vaults = new Map(data.vaults!.map((v) => [v.name, v]));
    expect(vaults.get('locked-vault')).toMatchObject({
      locked: true,
      minRetentionDays: 7,
      maxRetentionDays: 365,
    });
    expect(vaults.get('open-vault')).toMatchObject({ locked: false, minRetentionDays: null });
    expect(envelope.provenance.operations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ service: 'Backup', operation: 'ListBackupPlans', pages: 1, items: 2 }),
        expect.objectContaining({ operation: 'GetBackupPlan', params: { BackupPlanId: plans.daily } }),
        expect.objectContaining({
          operation: 'ListBackupSelections',
          params: { BackupPlanId: plans.daily },
          items: 1,
        }),
        expect.objectContaining({ operation: 'ListBackupVaults', pages: 1, items: 2 }),
      ]),
    );
  });

  it('follows NextToken across ListBackupPlans pages', async () => {
    // moto lists every plan in one page whatever MaxResults says: the proxy serves moto's real plans in pages.
    const pagedRegion = 'us-west-1';
    const backup = new BackupClient(awsTestConfig(pagedRegion));
    await backup.send(new CreateBackupVaultCommand({ BackupVaultName: 'v' }));
    for (let i = 0; i < 5; i++) {
      await backup.send(
        new CreateBackupPlanCommand({
          BackupPlan: { BackupPlanName: `plan-${i}`, Rules: [{ RuleName: 'r', TargetBackupVaultName: 'v' }] },
        }),
      );
    }
    const all = (await backup.send(new ListBackupPlansCommand({}))).BackupPlansList!.map((p) => ({
      BackupPlanId: p.BackupPlanId,
      BackupPlanArn: p.BackupPlanArn,
      BackupPlanName: p.BackupPlanName,
      VersionId: p.VersionId,
    }));
    const asked: string[] = [];
    const connection = await proxy((req) => {
      if (!/^\/backup\/plans\/?$/.test(path(req))) return undefined;
      const q = new URL(req.url, 'http://x').searchParams;
      asked.push(`${q.get('maxResults')}:${q.get('nextToken') ?? ''}`);
      const start = Number(q.get('nextToken') ?? '0');
      const end = start + Number(q.get('maxResults'));
      return {
        status: 200,
        body: JSON.stringify({
          BackupPlansList: all.slice(start, end),
          ...(end < all.length ? { NextToken: String(end) } : {}),
        }),
        headers: json,
      };
    });
    const { envelope } = await collectEnvelope(collector, scope(pagedRegion), {
      connection,
      now,
      extras: { pageSize: 2 },
    });
    const data = envelope.data as BackupPlansData;
    expect(envelope.errors).toEqual([]);
    expect(asked).toEqual(['2:', '2:2', '2:4']);
    expect(data.plans.map((p) => p.name).sort()).toEqual(['plan-0', 'plan-1', 'plan-2', 'plan-3', 'plan-4']);
    expect(data.plans.every((p) => p.rules?.length === 1)).toBe(true);
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({
        operation: 'ListBackupPlans',
        params: { MaxResults: 2 },
        pages: 3,
        items: 5,
      }),
    );
  });

  it('records AccessDenied on one plan and still reports the rest', async () => {
    const connection = await proxy((req) =>
      path(req).replace(/\/$/, '') === `/backup/plans/${plans.forever}` ? denied : undefined,
    );
    const { envelope } = await collectEnvelope(collector, scope(), { connection, now });
    const data = envelope.data as BackupPlansData;
    expect(envelope.errors).toEqual([
      expect.objectContaining({ code: 'AccessDenied', resource: plans.forever, operation: 'GetBackupPlan' }),
    ]);
    expect(envelope.provenance.complete).toBe(false);
    const byName = new Map(data.plans.map((p) => [p.name, p]));
    expect(byName.get('keep-forever')).toMatchObject({
      rules: null,
      selections: [expect.objectContaining({ name: 'tagged-prod' })],
    });
    expect(byName.get('daily')!.rules).toHaveLength(1);
    expect(data.vaults).toHaveLength(2);
  });

  it('records an endpoint without ListBackupSelections as an error, never as no selections', async () => {
    const { envelope } = await collectEnvelope(collector, scope(), { connection: awsTestConfig(), now });
    const data = envelope.data as BackupPlansData;
    expect(data.plans.every((p) => p.selections === null)).toBe(true);
    expect(envelope.errors.map((e) => e.operation)).toEqual(['ListBackupSelections', 'ListBackupSelections']);
  });

  it('turns a vault without its name into InvalidSourceData, and a truncated page into an error', async () => {
    let body = JSON.stringify({
      BackupVaultList: [
        { BackupVaultArn: 'arn:aws:backup:eu-west-1:123456789012:backup-vault:x', Locked: false },
      ],
    });
    const connection = await proxy((req) =>
      /^\/backup-vaults\/?$/.test(path(req)) ? { status: 200, body, headers: json } : undefined,
    );
    const missing = await collectEnvelope(collector, scope(), { connection, now });
    expect(missing.envelope.data).toBeNull();
    expect(missing.envelope.errors).toEqual([
      expect.objectContaining({
        code: 'InvalidSourceData',
        message: expect.stringContaining('vaults.0.name'),
      }),
    ]);
    body = '{"BackupVaultList":[{"BackupVaultName":"lock';
    const cut = await collectEnvelope(collector, scope(), { connection, now });
    expect((cut.envelope.data as BackupPlansData).vaults).toBeNull();
    expect(cut.envelope.errors).toEqual([
      expect.objectContaining({ resource: 'backup-vaults', operation: 'ListBackupVaults' }),
    ]);
  });
});
