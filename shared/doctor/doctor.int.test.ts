import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import {
  CreateScheduleCommand,
  GetScheduleCommand,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { CreateTopicCommand, SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsTestConfig } from '../../test/harness/aws.js';
import { awsXmlError, startFaultProxy } from '../../test/harness/fault-proxy.js';
import { runDoctorCommand } from '../cli/commands/doctor.js';
import { memoryIo } from '../cli/output.js';
import { collector as passwordPolicy } from '../collectors/aws-iam-password-policy/collector.js';
import { DynamoContentIndex } from '../kernel/content-index.js';
import { runCollector, scopeKey } from '../kernel/runner.js';
import { parseConfig } from '../config/load.js';
import { createLedgerTable } from '../ledger/dynamo-schema.js';
import { DynamoLedger } from '../ledger/dynamo-ledger.js';
import { KmsSigner } from '../ledger/signer.js';
import { createSigningKey } from '../ledger/testing/fixtures.js';
import { IndexedEvidenceLoader } from '../mapping/evidence-loader.js';
import { ensureEvidenceBucket } from '../store/evidence-bucket.js';
import { S3EvidenceStore } from '../store/s3-store.js';
import { buildDoctorDeps, runDoctor } from './run.js';
import { SCHEDULE_NAMES, STACKS } from './names.js';

const BUCKET = 'flux-evidence-123456789012-us-east-1';
const TABLE = 'flux-ledger-doctor';
const MEMBER = '333333333333';
const SELF = '123456789012';
let dir: string;
let configPath: string;
let topicArn: string;
let subscriptionArn: string;
let signingKeyArn: string;

const fluxConfig = () => ({
  origin: 'flux-evidence/doctor-test',
  aws: { accounts: { mode: 'list', ids: [SELF, MEMBER] }, externalId: 'doctor-external-id' },
  retention: { mode: 'GOVERNANCE', days: 1 },
  deployment: {
    region: 'us-east-1',
    evidenceBucket: BUCKET,
    ledgerTable: TABLE,
    signingKeyArn,
  },
});
const doctor = async (endpoint: string) => {
  const io = memoryIo();
  const code = await runDoctorCommand({ configPath, explicitConfig: true, json: true }, { endpoint }, io);
  const out = JSON.parse(io.stdout()) as {
    ok: boolean;
    checks: { check: string; status: string; detail: string; fix?: string }[];
  };
  return { code, ...out, failed: out.checks.filter((c) => c.status !== 'ok') };
};

/** The emulator deployment: stacks, ledger with evidence and a checkpoint, schedules, a subscribed topic. */
beforeAll(async () => {
  const cfg = awsTestConfig();
  const ddb = new DynamoDBClient(cfg);
  const doc = DynamoDBDocumentClient.from(ddb);
  const s3 = new S3Client(cfg);
  await ensureEvidenceBucket(s3, BUCKET, { objectLock: { mode: 'GOVERNANCE', days: 1 } });
  await createLedgerTable(ddb, TABLE);
  const kms = new KMSClient(cfg);
  signingKeyArn = await createSigningKey(kms);
  const store = new S3EvidenceStore({ s3, bucket: BUCKET, retention: { mode: 'GOVERNANCE', days: 1 } });
  const ledger = new DynamoLedger({ client: doc, tableName: TABLE, origin: 'flux-evidence/doctor-test' });
  const index = new DynamoContentIndex(doc, TABLE);
  const scope = { account: SELF, region: 'global' };
  const { endpoint, credentials } = cfg;
  await runCollector(passwordPolicy, scope, {
    store,
    ledger,
    index,
    connection: { endpoint, credentials, forcePathStyle: true },
    now: () => new Date(),
  });
  // The mapper records the scopes it has seen; the doctor reads the latest artifact per scope from them.
  await new IndexedEvidenceLoader({ doc, tableName: TABLE, index, store }).remember(
    passwordPolicy.meta.id,
    scopeKey(scope),
  );
  await ledger.checkpoint(new KmsSigner(kms, signingKeyArn), new Date());

  const sns = new SNSClient(cfg);
  topicArn = (await sns.send(new CreateTopicCommand({ Name: 'flux-alerts' }))).TopicArn!;
  subscriptionArn = (
    await sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: 'arn:aws:sqs:us-east-1:123456789012:ops',
      }),
    )
  ).SubscriptionArn!;
  const cfn = new CloudFormationClient(cfg);
  const template = (outputs: Record<string, unknown>) =>
    JSON.stringify({
      Resources: { Marker: { Type: 'AWS::SNS::Topic' } },
      Outputs: outputs,
    });
  await cfn.send(new CreateStackCommand({ StackName: STACKS.stateful, TemplateBody: template({}) }));
  await cfn.send(
    new CreateStackCommand({
      StackName: STACKS.stateless,
      TemplateBody: template({ AlertsTopicArn: { Value: topicArn } }),
    }),
  );
  const scheduler = new SchedulerClient(cfg);
  for (const name of [SCHEDULE_NAMES.checkpoint, SCHEDULE_NAMES.collector(passwordPolicy.meta.id)]) {
    await scheduler.send(
      new CreateScheduleCommand({
        Name: name,
        ScheduleExpression: 'rate(5 minutes)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: 'arn:aws:lambda:us-east-1:123456789012:function:flux',
          RoleArn: 'arn:aws:iam::123456789012:role/scheduler',
        },
      }),
    );
  }
  dir = mkdtempSync(join(tmpdir(), 'doctor-'));
  configPath = join(dir, 'flux.config.json');
  writeFileSync(configPath, JSON.stringify(fluxConfig()));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('flux-evidence doctor', () => {
  it('finds a healthy emulator deployment healthy, check by check', async () => {
    const r = await doctor(awsTestConfig().endpoint);
    expect(r.failed).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.checks.map((c) => c.check)).toEqual([
      'configuration',
      `stack ${STACKS.stateful}`,
      `stack ${STACKS.stateless}`,
      'member roles',
      'schedules',
      'last run aws-iam-password-policy',
      'checkpoint',
      'alert subscribers',
    ]);
    expect(r.checks.find((c) => c.check === 'member roles')!.detail).toContain('1 account(s)');
  });

  it('says what is wrong and how to fix it: an unassumable member role, a disabled schedule, no subscriber', async () => {
    const cfg = awsTestConfig();
    const scheduler = new SchedulerClient(cfg);
    const name = SCHEDULE_NAMES.collector(passwordPolicy.meta.id);
    const s = await scheduler.send(new GetScheduleCommand({ Name: name }));
    await scheduler.send(
      new UpdateScheduleCommand({
        Name: name,
        ScheduleExpression: s.ScheduleExpression!,
        FlexibleTimeWindow: s.FlexibleTimeWindow!,
        Target: s.Target!,
        State: 'DISABLED',
      }),
    );
    await new SNSClient(cfg).send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn }));
    // The member account refuses the role (moto lets any role be assumed: the proxy answers as AWS would).
    const proxy = await startFaultProxy(cfg.endpoint, (req) =>
      req.body.includes('Action=AssumeRole') && req.body.includes(MEMBER)
        ? { status: 403, body: awsXmlError('AccessDenied', 'not authorized to perform sts:AssumeRole') }
        : undefined,
    );
    try {
      const r = await doctor(proxy.endpoint);
      expect(r.code).toBe(1);
      const by = Object.fromEntries(r.failed.map((c) => [c.check, c]));
      expect(by['member roles']).toMatchObject({
        status: 'fail',
        detail: expect.stringContaining(`${MEMBER} (AccessDenied)`),
      });
      expect(by['member roles']!.fix).toContain('infra/member-account-role.yaml');
      expect(by.schedules).toMatchObject({ status: 'fail', detail: `not enabled: ${name}` });
      expect(by['alert subscribers']).toMatchObject({
        status: 'fail',
        detail: expect.stringContaining('nobody is subscribed'),
      });
      expect(by['alert subscribers']!.fix).toContain(`aws sns subscribe --topic-arn ${topicArn}`);
    } finally {
      await proxy.close();
    }
  });

  it('fails an old checkpoint and a missing stack, and expects runs only of enabled schedules', async () => {
    const config = parseConfig(fluxConfig());
    const later = new Date(Date.now() + 3 * 86_400_000);
    const deps = buildDoctorDeps(
      { ...config, deployment: config.deployment! },
      configPath,
      awsTestConfig().endpoint,
      () => later,
    );
    const checks = await runDoctor({
      ...deps,
      cfn: new CloudFormationClient({ ...awsTestConfig(), region: 'eu-west-1' }),
    });
    const by = Object.fromEntries(checks.map((c) => [c.check, c]));
    expect(by[`stack ${STACKS.stateful}`]).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('cdk deploy'),
    });
    expect(by.checkpoint).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/last signed 72 h ago/),
    });
    expect(by['last run aws-iam-password-policy']).toBeUndefined(); // its schedule is disabled now: not expected to run
  });

  it('refuses a configuration without a deployment block, naming the command that fills it', async () => {
    const bare = join(dir, 'bare.json');
    writeFileSync(bare, JSON.stringify({ origin: 'x/y' }));
    const io = memoryIo();
    await expect(
      runDoctorCommand({ configPath: bare, explicitConfig: true, json: false }, {}, io),
    ).rejects.toMatchObject({ code: 2 });
    expect(io.stderr()).toContain('flux-evidence deployment import');
  });
});
