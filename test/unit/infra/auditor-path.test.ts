import { beforeAll, describe, expect, it } from '@jest/globals';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildFluxApp, cdkJsonContext, resolveConfigPath } from '../../../infra/build.js';
import { loadConfigFile } from '../../../shared/config/load.js';
import { ConfigError } from '../../../shared/errors.js';

// One synthesis (bundling skipped: these tests read templates).
let stateful: Template;
let stateless: Template;
let built: ReturnType<typeof buildFluxApp>;

beforeAll(() => {
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  built = buildFluxApp(app, {
    config: loadConfigFile('flux.config.example.json'),
    nag: false,
    env: { account: '111111111111', region: 'eu-west-1' },
  });
  stateful = Template.fromStack(built.stateful);
  stateless = Template.fromStack(built.stateless);
}, 240_000);

type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
};
const asList = (a: string | string[]) => (Array.isArray(a) ? a : [a]);
const json = (v: unknown) => JSON.stringify(v);

describe('snapshot API', () => {
  it('is an HTTP API whose every route requires IAM authorization (SigV4)', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    const routes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route'));
    // The manual evidence routes share the API (test/unit/infra/manual-upload.test.ts).
    expect(routes.map((r) => r.Properties.RouteKey as string).sort()).toEqual([
      'GET /snapshots',
      'POST /manual/approvals',
      'POST /manual/evidence',
      'POST /manual/exceptions',
      'POST /manual/uploads',
      'POST /snapshots',
      'POST /snapshots/{id}/url',
    ]);
    for (const r of routes) expect(r.Properties.AuthorizationType).toBe('AWS_IAM');
  });

  it('logs every request of its stage to an encrypted log group and throttles it', () => {
    const [stage] = Object.values(stateless.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stage!.Properties.AccessLogSettings.DestinationArn).toBeDefined();
    expect(stage!.Properties.AccessLogSettings.Format).toContain('$context.identity.userArn');
    expect(stage!.Properties.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 10 });
  });

  it('runs as the snapshot-signer role the stateful stack creates', () => {
    stateful.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'FluxEvidence-SnapshotSigner',
      AssumeRolePolicyDocument: {
        Statement: [
          { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
        ],
      },
    });
    const fn = Object.values(stateless.findResources('AWS::Lambda::Function')).find(
      (f) => f.Properties.Description === 'snapshot API (create, list, presigned URL)',
    );
    expect(json(fn!.Properties.Role)).toContain(':iam::111111111111:role/FluxEvidence-SnapshotSigner');
    expect(fn!.Properties.Timeout).toBe(900);
    expect(Object.keys(fn!.Properties.Environment.Variables).sort()).toEqual(
      expect.arrayContaining([
        'SIGNING_KEY_ARN',
        'ACCOUNT_ID',
        'FLUX_CONFIG',
        'TABLE_NAME',
        'EVIDENCE_BUCKET',
      ]),
    );
  });

  it('names the signer role in the signing key policy by the ARN of the role it created, not by name', () => {
    const [key] = Object.values(
      stateful.findResources('AWS::KMS::Key', { Properties: { KeyUsage: 'SIGN_VERIFY' } }),
    );
    const [roleId] = Object.keys(
      stateful.findResources('AWS::IAM::Role', { Properties: { RoleName: 'FluxEvidence-SnapshotSigner' } }),
    );
    const statements = key!.Properties.KeyPolicy.Statement as Statement[];
    for (const sid of ['OnlySignersSign', 'NobodyElseSigns']) {
      const st = statements.find((s) => s.Sid === sid)!;
      expect(json(st.Condition)).toContain(json({ 'Fn::GetAtt': [roleId, 'Arn'] }));
      expect(json(st.Condition)).not.toContain('role/FluxEvidence-SnapshotSigner');
    }
  });

  it('lets the signer role sign with the signing key and write only snapshots/ and evidence/', () => {
    const policies = Object.values(stateless.findResources('AWS::IAM::Policy')).filter((p) =>
      json(p.Properties.Roles).includes('SnapshotSigner'),
    );
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
    const sign = statements.find((s) => s.Sid === 'SignManifests')!;
    expect(asList(sign.Action).sort()).toEqual(['kms:GetPublicKey', 'kms:Sign']);
    expect(json(sign.Resource)).toMatch(/ImportValue.*SigningKey/);
    const writes = statements.filter((s) => asList(s.Action).includes('s3:PutObject'));
    const prefixes = writes.flatMap((s) => [...json(s.Resource).matchAll(/\/(\w+)\/\*/g)].map((m) => m[1]));
    expect(prefixes.sort()).toEqual(['evidence', 'snapshots']);
    const lists = statements.filter((s) => asList(s.Action).includes('s3:ListBucket'));
    expect(lists.map((s) => json(s.Condition))).toEqual(
      expect.arrayContaining([expect.stringContaining('snapshots/*'), expect.stringContaining('evidence/*')]),
    );
    // The only wildcard actions are CDK's grant on the ops key for the function's dead-letter queue.
    expect(statements.flatMap((s) => asList(s.Action)).filter((a) => a.endsWith('*'))).toEqual([
      'kms:GenerateDataKey*',
      'kms:ReEncrypt*',
    ]);
  });

  it('lets the signer role read the manual statements and documents a window evaluation judges, and no more', () => {
    const statements = Object.values(stateless.findResources('AWS::IAM::Policy'))
      .filter((p) => json(p.Properties.Roles).includes('SnapshotSigner'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
    const read = statements.find((s) => s.Sid === 'ReadManualEvidence')!;
    expect(asList(read.Action)).toEqual(['s3:GetObject']);
    const prefixes = [...json(read.Resource).matchAll(/\/([\w-]+)\/\*/g)].map((m) => m[1]);
    expect(prefixes.sort()).toEqual(['approval', 'exception', 'manual', 'manual-files']);
    const list = statements.find((s) => s.Sid === 'ListManualStatements')!;
    expect(JSON.parse(json(list.Condition))).toEqual({
      StringLike: { 's3:prefix': ['manual/*', 'approval/*', 'exception/*'] },
    });
  });

  it('builds from an encrypted queue the API sends to, with a dead-letter queue alarmed on its first message', () => {
    const fn = Object.entries(stateless.findResources('AWS::Lambda::Function')).find(
      ([, f]) => f.Properties.Description === 'snapshot API (create, list, presigned URL)',
    )!;
    const queueId = /SnapshotApiBuilds[0-9A-F]{8}$/;
    const queues = stateless.findResources('AWS::SQS::Queue');
    const [buildsId, builds] = Object.entries(queues).find(([id]) => queueId.test(id))!;
    expect(builds.Properties.KmsMasterKeyId).toBeDefined();
    expect(builds.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(fn[1].Properties.Timeout);
    expect(builds.Properties.RedrivePolicy.maxReceiveCount).toBe(2);
    expect(json(fn[1].Properties.Environment.Variables.BUILD_QUEUE_URL)).toContain(buildsId);
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fn[0] },
      EventSourceArn: { 'Fn::GetAtt': [buildsId, 'Arn'] },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const dlq = json(builds.Properties.RedrivePolicy.deadLetterTargetArn);
    const alarms = Object.values(stateless.findResources('AWS::CloudWatch::Alarm'));
    expect(
      alarms.some(
        (a) =>
          a.Properties.AlarmDescription === 'snapshot builds: messages in the dead-letter queue' &&
          json(a.Properties.Dimensions).includes(JSON.parse(dlq)['Fn::GetAtt'][0]),
      ),
    ).toBe(true);
  });

  it('publishes what `deployment import` reads', () => {
    expect(Object.keys(stateful.findOutputs('*'))).toEqual(
      expect.arrayContaining([
        'EvidenceBucketName',
        'LedgerTableName',
        'SigningKeyArn',
        'SnapshotSignerRoleArn',
      ]),
    );
    expect(Object.keys(stateless.findOutputs('*'))).toEqual(
      expect.arrayContaining(['SnapshotApiUrl', 'SnapshotApiId', 'AlertsTopicArn']),
    );
  });
});

describe('schedules', () => {
  it('give every schedule a dead-letter queue and a retry policy, with an alarm on the queue', () => {
    const schedules = Object.values(stateless.findResources('AWS::Scheduler::Schedule'));
    expect(schedules.length).toBeGreaterThan(10);
    const dlqId = built.stateless.resolve(
      built.stateless.getLogicalId(built.stateless.schedules.queue.node.defaultChild as never),
    ) as string;
    for (const s of schedules) {
      expect(s.Properties.Target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } });
      expect(s.Properties.Target.RetryPolicy).toMatchObject({
        MaximumEventAgeInSeconds: expect.any(Number),
        MaximumRetryAttempts: expect.any(Number),
      });
    }
    const alarms = Object.values(stateless.findResources('AWS::CloudWatch::Alarm')).filter((a) =>
      json(a.Properties.Dimensions).includes(dlqId),
    );
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    expect(alarms[0]!.Properties.AlarmActions).toHaveLength(1);
  });

  it('schedule the snapshot-access-log collector, which reads only the access-log prefix', () => {
    const worker = built.stateless.workers.get('snapshot-access-log')!;
    expect(worker.schedule).toBeDefined();
    const roleId = built.stateless.resolve(
      built.stateless.getLogicalId(worker.function.role.node.defaultChild as never),
    ) as string;
    const statements = Object.values(stateless.findResources('AWS::IAM::Policy'))
      .filter((p) => json(p.Properties.Roles).includes(roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
    const read = statements.find((s) => s.Sid === 'ReadAccessLogs')!;
    expect(json(read.Resource)).toContain(
      ':s3:::flux-evidence-logs-111111111111-eu-west-1/evidence-bucket/*',
    );
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'flux-evidence-logs-111111111111-eu-west-1',
    });
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { LogFilePrefix: 'evidence-bucket/' },
    });
  });
});

describe('configuration', () => {
  it('refuses to synthesize without a configuration, naming the file to write', () => {
    expect(() => resolveConfigPath(undefined, {}, () => false)).toThrow(ConfigError);
    expect(() => resolveConfigPath(undefined, {}, () => false)).toThrow(/flux\.config\.json: not found/);
    expect(resolveConfigPath('flux.config.example.json', {}, () => false)).toBe('flux.config.example.json');
    expect(resolveConfigPath(undefined, { FLUX_CONFIG: 'x.json' }, () => false)).toBe('x.json');
    expect(resolveConfigPath(undefined, {}, (p) => p === 'flux.config.json')).toBe('flux.config.json');
  });
});
