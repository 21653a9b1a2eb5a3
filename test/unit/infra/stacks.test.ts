import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { buildFluxApp, cdkJsonContext, main } from '../../../infra/build.js';
import { resolveCfnLint } from '../../../infra/scripts/cfn-lint.js';
import { EVIDENCE_BUCKET_MARK, FluxChecks } from '../../../infra/nag/flux-checks.js';
import { CHECKOV_METADATA_KEY, type CheckovSkip } from '../../../infra/nag/checkov.js';
import { collectors, getCollector } from '../../../shared/collectors/registry.js';
import { loadConfigFile, parseConfig } from '../../../shared/config/load.js';
import { ConfigError } from '../../../shared/errors.js';

// One synthesis for the whole file (bundling skipped: these tests read templates, bench/bundles.ts bundles).
const base = loadConfigFile('flux.config.example.json');
const config = parseConfig({
  ...JSON.parse(JSON.stringify(base)),
  collectors: { 'aws-kms-keys': { enabled: false }, 'aws-s3-buckets': { schedule: 'rate(6 hours)' } },
});
let app: App;
let stateful: Template;
let stateless: Template;
let built: ReturnType<typeof buildFluxApp>;

beforeAll(() => {
  app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  built = buildFluxApp(app, { config, nag: false, env: { account: '111111111111', region: 'eu-west-1' } });
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

/** The statements of the inline policies attached to the role whose logical id starts with `rolePrefix`. */
function roleStatements(t: Template, rolePrefix: string): Statement[] {
  const policies = t.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) =>
      (p.Properties.Roles as ({ Ref: string } | string)[]).some(
        (r) => typeof r === 'object' && r.Ref.startsWith(rolePrefix),
      ),
    )
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

describe('stateful stack', () => {
  it('has termination protection', () => {
    expect(built.stateful.terminationProtection).toBe(true);
  });

  it('locks evidence in COMPLIANCE mode for the configured days, versioned', () => {
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2190 } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  it('encrypts the evidence bucket with SSE-KMS under a rotating customer managed key', () => {
    const keys = stateful.findResources('AWS::KMS::Key', { Properties: { EnableKeyRotation: true } });
    const [keyId] = Object.keys(keys);
    expect(keyId).toBeDefined();
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] },
            },
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'evidence-bucket/' },
    });
  });

  it('denies every non-TLS request on both buckets', () => {
    const policies = stateful.findResources('AWS::S3::BucketPolicy');
    const tlsOnly = Object.values(policies).filter((p) =>
      (p.Properties.PolicyDocument.Statement as Statement[]).some(
        (s) =>
          s.Effect === 'Deny' &&
          JSON.stringify(s.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
      ),
    );
    expect(tlsOnly).toHaveLength(2);
  });

  it('keeps access logs encrypted, private and aging out', () => {
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 2190, Status: 'Enabled' })]),
      },
    });
  });

  it('protects the ledger table: PITR, deletion protection, customer managed KMS, on demand', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
    });
  });

  it('signs with an ECC P-256 key whose policy denies kms:Sign to all but the signer roles', () => {
    const keys = stateful.findResources('AWS::KMS::Key', {
      Properties: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' },
    });
    const [key] = Object.values(keys);
    const statements = key!.Properties.KeyPolicy.Statement as (Statement & { Principal: unknown })[];
    // (The other Deny, of deletion, disabling and key-policy changes, is tested in log-writer.test.ts.)
    const deny = statements.filter((st) => st.Effect === 'Deny' && asList(st.Action).includes('kms:Sign'));
    expect(deny).toHaveLength(1);
    expect(deny[0]).toMatchObject({ Action: 'kms:Sign', Principal: { AWS: '*' } });
    expect(JSON.stringify(deny[0]!.Condition)).toMatch(
      /ArnNotEquals.*role\/FluxEvidence-Sequencer.*Fn::GetAtt.*SigningSnapshotSigner/,
    );
    // Nobody is granted kms:* on this key: administration excludes use.
    expect(statements.flatMap((st) => asList(st.Action))).not.toContain('kms:*');
  });
});

describe('stateless stack', () => {
  it('gives each AWS collector role exactly its meta.permissions, the member role and evidence/* only', () => {
    const workers = [...built.stateless.workers.entries()].filter(
      ([id]) => getCollector(id)?.meta.source === 'aws',
    );
    expect(workers.length).toBeGreaterThan(5);
    for (const [id, worker] of workers) {
      const roleId = built.stateless.getLogicalId(worker.function.role.node.defaultChild as never);
      const statements = roleStatements(stateless, built.stateless.resolve(roleId) as string);
      const readOnly = statements.filter((s) => s.Sid === 'CollectorReadOnly');
      expect(readOnly).toHaveLength(1);
      expect(asList(readOnly[0]!.Action).sort()).toEqual([...getCollector(id)!.meta.permissions].sort());
      const assume = statements.find((s) => s.Sid === 'AssumeMemberRole')!;
      expect(JSON.stringify(assume.Resource)).toContain(':iam::*:role/FluxEvidenceReadOnly');
      const s3Actions = statements.filter(
        (s) => s.Sid !== 'CollectorReadOnly' && asList(s.Action).some((a) => a.startsWith('s3:')),
      );
      expect(s3Actions.flatMap((s) => asList(s.Action)).sort()).toEqual([
        's3:GetObject',
        's3:PutObject',
        's3:PutObjectRetention',
      ]);
      expect(JSON.stringify(s3Actions.map((s) => s.Resource))).toContain('/evidence/*');
      // No other collector's actions leak in.
      const foreign = statements
        .flatMap((s) => asList(s.Action))
        .filter((a) => /^(iam|ec2|rds|guardduty|securityhub|backup|cloudtrail|config):/.test(a));
      expect(foreign.sort()).toEqual(
        [...getCollector(id)!.meta.permissions].filter((a) => foreign.includes(a)).sort(),
      );
    }
  });

  it('lets only the sequencer and the snapshot-signer role call kms:Sign, both named for the key policy', () => {
    const policies = stateless.findResources('AWS::IAM::Policy');
    const signing = Object.values(policies).filter((p) =>
      (p.Properties.PolicyDocument.Statement as Statement[]).some((s) =>
        asList(s.Action).includes('kms:Sign'),
      ),
    );
    const roles = signing.map((p) => (p.Properties.Roles as ({ Ref: string } | string)[])[0]!);
    const names = roles.map((r) =>
      typeof r === 'string' ? r : (stateless.toJSON().Resources[r.Ref].Properties.RoleName as string),
    );
    // The snapshot API runs as the role the stateful stack created (policies attached by its name).
    expect(names.sort()).toEqual(['FluxEvidence-Sequencer', 'FluxEvidence-SnapshotSigner']);
  });

  it('reads GitHub and IdP secrets by name only', () => {
    // Every non-AWS collector in the registry whose source the example config sets up (GitHub, Okta).
    const expected: Record<string, string> = { github: 'flux/github-app-key', okta: 'flux/okta-token' };
    const sourced = [...built.stateless.workers.entries()].filter(
      ([id]) => !['aws', 'derived'].includes(getCollector(id)!.meta.source),
    );
    expect(sourced.length).toBeGreaterThan(0);
    for (const [id, gh] of sourced) {
      const secret = expected[getCollector(id)!.meta.source]!;
      const roleId = built.stateless.resolve(
        built.stateless.getLogicalId(gh.function.role.node.defaultChild as never),
      ) as string;
      const secrets = roleStatements(stateless, roleId).filter((s) => s.Sid === 'SourceSecrets');
      expect(secrets).toHaveLength(1);
      expect(JSON.stringify(secrets[0]!.Resource)).toContain(`:secret:${secret}-??????`);
      expect(roleStatements(stateless, roleId).some((s) => s.Sid === 'CollectorReadOnly')).toBe(false);
    }
  });

  it('deploys access-reconciliation on its own schedule, reading stored evidence with no source secret', () => {
    const worker = built.stateless.workers.get('access-reconciliation')!;
    expect(worker).toBeDefined();
    // snapshot-access-log is deployed too: its schedule reads downloads from the access logs.
    expect(built.stateless.workers.has('snapshot-access-log')).toBe(true);
    const roleId = built.stateless.resolve(
      built.stateless.getLogicalId(worker.function.role.node.defaultChild as never),
    ) as string;
    const statements = roleStatements(stateless, roleId);
    expect(statements.some((s) => s.Sid === 'SourceSecrets' || s.Sid === 'AssumeMemberRole')).toBe(false);
    const actions = statements.flatMap((s) => asList(s.Action));
    // meta.permissions: evidence objects and the ledger's content index, through the data-plane grants.
    for (const a of getCollector('access-reconciliation')!.meta.permissions) expect(actions).toContain(a);
    const getObject = statements.find((s) => asList(s.Action).includes('s3:GetObject'))!;
    expect(JSON.stringify(getObject.Resource)).toContain('/evidence/*');
    const fn =
      stateless.toJSON().Resources[
        built.stateless.resolve(
          built.stateless.getLogicalId(worker.function.fn.node.defaultChild as never),
        ) as string
      ];
    const flux = JSON.parse(fn.Properties.Environment.Variables.FLUX_CONFIG as string) as Record<
      string,
      unknown
    >;
    expect(Object.keys(flux).sort()).toEqual(
      ['accessReconciliation', 'collectors', 'github', 'identityProviders', 'origin', 'retention'].sort(),
    );
    const schedules = Object.values(stateless.findResources('AWS::Scheduler::Schedule')).filter((s) =>
      JSON.stringify(s.Properties.Target.Input ?? '').includes('\\"collector\\":\\"access-reconciliation\\"'),
    );
    expect(schedules.map((s) => s.Properties.ScheduleExpression as string)).toEqual([
      getCollector('access-reconciliation')!.meta.schedule,
    ]);
  });

  it('schedules collectors from config: overrides win, disabled collectors get none', () => {
    const schedules = Object.values(stateless.findResources('AWS::Scheduler::Schedule')).map((s) => ({
      expr: s.Properties.ScheduleExpression as string,
      input: JSON.stringify(s.Properties.Target.Input ?? ''),
    }));
    const of = (id: string) => schedules.filter((s) => s.input.includes(`\\"collector\\":\\"${id}\\"`));
    expect(of('aws-s3-buckets').map((s) => s.expr)).toEqual(['rate(6 hours)']);
    expect(of('aws-kms-keys')).toHaveLength(0);
    expect(of('aws-iam-password-policy').map((s) => s.expr)).toEqual(['rate(1 day)']);
    expect(schedules.filter((s) => s.expr === 'rate(5 minutes)')).toHaveLength(1);
    expect(built.stateless.workers.has('aws-kms-keys')).toBe(false);
  });

  it('feeds collectors from FIFO queues with a 3-receive DLQ and bounded concurrency', () => {
    stateless.hasResourceProperties('AWS::SQS::Queue', {
      FifoQueue: true,
      ContentBasedDeduplication: true,
      KmsMasterKeyId: Match.anyValue(),
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 3 },
    });
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: 20 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('runs every function on nodejs24.x ARM64 with tracing, a DLQ and an errors alarm', () => {
    const fns = Object.values(stateless.findResources('AWS::Lambda::Function'));
    // Fan-out, mapper, sequencer, the snapshot API and the manual upload API, besides the collectors and alert functions.
    expect(fns.length).toBe(built.stateless.workers.size + 5 + (built.stateless.alertFunctions ? 2 : 0));
    for (const f of fns) {
      expect(f.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
      expect(f.Properties.DeadLetterConfig).toBeDefined();
    }
    const errorAlarms = stateless.findResources('AWS::CloudWatch::Alarm', {
      Properties: { MetricName: 'Errors' },
    });
    expect(Object.keys(errorAlarms)).toHaveLength(fns.length);
  });

  it("encrypts every function's log group with the ops key, which CloudWatch Logs may use for this account only", () => {
    const opsKey = built.stateless.resolve(
      built.stateless.getLogicalId(built.stateless.alerts.opsKey.node.defaultChild as never),
    ) as string;
    const groups = Object.values(stateless.findResources('AWS::Logs::LogGroup'));
    // One per function, plus the snapshot API's access logs.
    expect(groups).toHaveLength(Object.keys(stateless.findResources('AWS::Lambda::Function')).length + 1);
    for (const g of groups) expect(g.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [opsKey, 'Arn'] });
    const policy = stateless.findResources('AWS::KMS::Key')[opsKey]!.Properties.KeyPolicy
      .Statement as (Statement & {
      Principal: unknown;
    })[];
    const logs = policy.filter((st) => JSON.stringify(st.Principal).includes('logs.'));
    expect(logs).toHaveLength(1);
    expect(logs[0]!.Principal).toEqual({ Service: 'logs.eu-west-1.amazonaws.com' });
    expect(JSON.stringify(logs[0]!.Condition)).toContain(
      '"ArnLike":{"kms:EncryptionContext:aws:logs:arn":{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":logs:eu-west-1:111111111111:log-group:*"]]}}',
    );
  });

  it('alarms on missing evidence and maps EvidenceStored events from the Flux bus', () => {
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'FluxEvidence',
      MetricName: 'EvidenceGapsOpen',
      Dimensions: [{ Name: 'service', Value: 'flux-evidence-gap' }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    stateless.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.anyValue(),
      EventPattern: { source: ['flux-evidence.collector'], 'detail-type': ['EvidenceStored'] },
    });
    stateless.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    stateless.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'security@acme.example',
    });
  });
});

describe('alerts wiring', () => {
  const logicalId = (c: { node: { defaultChild?: unknown } }) =>
    built.stateless.resolve(built.stateless.getLogicalId(c.node.defaultChild as never)) as string;
  const fns = () => built.stateless.alertFunctions!;
  /** Logical ids of the roles with a statement allowing `action` (on a resource naming `on`, when given). */
  const rolesAllowing = (action: string, on?: string) =>
    Object.values(stateless.findResources('AWS::IAM::Policy'))
      .filter((p) =>
        (p.Properties.PolicyDocument.Statement as Statement[]).some(
          (st) =>
            st.Effect === 'Allow' &&
            asList(st.Action).includes(action) &&
            (!on || JSON.stringify(st.Resource).includes(on)),
        ),
      )
      .flatMap((p) => (p.Properties.Roles as { Ref: string }[]).map((r) => r.Ref))
      .sort();

  it('deploys the alerts and evidence-gap functions', () => {
    expect(built.stateless.alertFunctions).toBeDefined();
  });

  it("sends the mapper's results to the alerts function through an on-success destination", () => {
    stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(built.stateless.mapping.function.fn) },
      DestinationConfig: {
        OnSuccess: { Destination: { 'Fn::GetAtt': [logicalId(fns().alerts.fn), 'Arn'] } },
      },
    });
    // The mapper may invoke the alerts function (the destination), and nothing else may.
    const invokers = rolesAllowing('lambda:InvokeFunction', logicalId(fns().alerts.fn));
    expect(invokers).toEqual([logicalId(built.stateless.mapping.function.role)]);
  });

  it('runs the evidence-gap check hourly over the scheduled collectors', () => {
    stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 hour)',
      Target: { Arn: { 'Fn::GetAtt': [logicalId(fns().evidenceGap.fn), 'Arn'] } },
    });
    const gap = stateless.toJSON().Resources[logicalId(fns().evidenceGap.fn)];
    const enabled = (gap.Properties.Environment.Variables.ENABLED_COLLECTORS as string).split(',');
    expect(enabled.sort()).toEqual([...built.stateless.workers.keys()].sort());
    expect(enabled).not.toContain('aws-kms-keys'); // disabled in this test's config
  });

  it('tells the mapper the same scheduled collectors, so it judges only their rules', () => {
    const env = (f: { node: { defaultChild?: unknown } }) =>
      stateless.toJSON().Resources[logicalId(f)].Properties.Environment.Variables as Record<string, string>;
    const mapper = env(built.stateless.mapping.function.fn).ENABLED_COLLECTORS ?? '';
    expect(mapper).toBe(env(fns().evidenceGap.fn).ENABLED_COLLECTORS);
    expect(mapper.split(',').sort()).toEqual([...built.stateless.workers.keys()].sort());
    // The example config uses Okta: the other identity providers' rules are not judged.
    expect(mapper.split(',')).toEqual(expect.arrayContaining(['okta-users', 'github-org']));
    expect(mapper.split(',')).not.toEqual(expect.arrayContaining(['entra-users']));
    expect(mapper.split(',')).not.toEqual(expect.arrayContaining(['google-workspace-users']));
  });

  it('lets only the alerts, evidence-gap and sequencer (ledger-fork) roles publish to the topic', () => {
    const alertRoles = [logicalId(fns().alerts.role), logicalId(fns().evidenceGap.role)].sort();
    const sequencerRole = logicalId(built.stateless.sequencer.function.role);
    expect(rolesAllowing('sns:Publish')).toEqual([...alertRoles, sequencerRole].sort());
    const collectorRoles = [...built.stateless.workers.values()].map((w) => logicalId(w.function.role));
    expect(rolesAllowing('events:PutEvents')).toEqual(
      [...alertRoles, ...collectorRoles, sequencerRole].sort(),
    );
  });

  it('grants each alert function exactly its table actions, the topic key and the webhook secret', () => {
    const cases = [
      [
        fns().alerts.role,
        ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
      ],
      [
        fns().evidenceGap.role,
        [
          'dynamodb:BatchGetItem',
          'dynamodb:DeleteItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
        ],
      ],
    ] as const;
    for (const [role, tableActions] of cases) {
      const statements = roleStatements(stateless, logicalId(role));
      const actions = statements.flatMap((st) => asList(st.Action));
      expect(actions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual([...tableActions]);
      // The evidence-gap check reads evidence and people's statements (test/unit/infra/manual-upload.test.ts).
      // and closes schedule runs: coverage statements created under coverage/ (asserted below).
      const s3 =
        role === fns().evidenceGap.role
          ? ['s3:GetObject', 's3:ListBucket', 's3:PutObject', 's3:PutObjectRetention']
          : [];
      expect([...new Set(actions.filter((a) => /^(s3|kms:Sign|cloudwatch):?/.test(a)))].sort()).toEqual(s3);
      expect(actions).toEqual(
        expect.arrayContaining(['sns:Publish', 'events:PutEvents', 'kms:GenerateDataKey*']),
      );
      const secret = statements.filter((st) => st.Sid === 'WebhookSecret');
      expect(secret).toHaveLength(1);
      expect(JSON.stringify(secret[0]!.Resource)).toContain(':secret:flux/slack-webhook-??????');
    }
  });
});

describe('deployed coverage attestation', () => {
  const logicalId = (c: { node: { defaultChild?: unknown } }) =>
    built.stateless.resolve(built.stateless.getLogicalId(c.node.defaultChild as never)) as string;
  const s3Grants = (role: { node: { defaultChild?: unknown } }) =>
    roleStatements(stateless, logicalId(role)).filter((st) =>
      asList(st.Action).some((a) => a.startsWith('s3:')),
    );

  it('lets the fan-out create run plans under coverage-plan/ and touch nothing else in the bucket', () => {
    const grants = s3Grants(built.stateless.fanout.function.role);
    expect(grants.map((st) => [asList(st.Action), JSON.stringify(st.Resource)])).toEqual([
      [['s3:PutObject'], expect.stringMatching(/\/coverage-plan\/\*"/)],
    ]);
    const env = stateless.toJSON().Resources[logicalId(built.stateless.fanout.function.fn)].Properties
      .Environment.Variables as Record<string, unknown>;
    expect(env.EVIDENCE_BUCKET).toBeDefined();
  });

  it('lets the evidence-gap check read plans, create coverage statements and queue them, never other writes', () => {
    const gap = built.stateless.alertFunctions!.evidenceGap;
    const grants = s3Grants(gap.role);
    const writes = grants.filter((st) => asList(st.Action).includes('s3:PutObject'));
    expect(writes.map((st) => JSON.stringify(st.Resource))).toEqual([
      expect.stringMatching(/\/coverage\/\*"/),
    ]);
    const plans = grants.find((st) => st.Sid === 'ListRunPlans')!;
    expect(plans.Condition).toEqual({ StringLike: { 's3:prefix': ['coverage-plan/*'] } });
    const send = roleStatements(stateless, logicalId(gap.role)).filter((st) =>
      asList(st.Action).includes('sqs:SendMessage'),
    );
    // The append queue, besides the function's own dead-letter queue (CDK merges the two grants).
    const queues = send.flatMap((st) =>
      [st.Resource].flat().map((r) => (r as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]),
    );
    expect(queues.sort()).toEqual([
      expect.stringMatching(/^AlertFunctionsEvidenceGapDeadLetters/),
      logicalId(built.stateless.sequencer.appendQueue),
    ]);
  });

  it('denies any PutObject without If-None-Match under coverage-plan/ and coverage/', () => {
    const policy = Object.values(stateful.findResources('AWS::S3::BucketPolicy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
      .find((st) => st.Sid === 'CreateOnlyEvidenceAndCheckpoints')!;
    const resources = JSON.stringify(policy.Resource);
    expect(resources).toContain('/coverage-plan/*');
    expect(resources).toContain('/coverage/*');
  });
});

describe('configuration at synth', () => {
  it('fails listing every bad key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flux-infra-'));
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        ...base,
        retention: { mode: 'FOREVER', days: 0 },
        aws: { ...base.aws, regionz: ['x'] },
      }),
    );
    const run = () => main(new App({ context: { config: file } }));
    expect(run).toThrow(ConfigError);
    const message = (() => {
      try {
        run();
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toMatch(/retention\.mode/);
    expect(message).toMatch(/retention\.days/);
    expect(message).toMatch(/regionz/);
  });

  it('rejects collector ids the registry does not know', () => {
    const cfg = parseConfig({
      ...JSON.parse(JSON.stringify(base)),
      collectors: { 'aws-no-such': { enabled: false } },
    });
    expect(() => buildFluxApp(new App(), { config: cfg, nag: false })).toThrow(/collectors\.aws-no-such/);
  });
});

describe('cdk-nag', () => {
  it('passes AwsSolutions and the Flux checks with no unacknowledged finding', () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`)).toEqual(
      [],
    );
    expect(new FluxChecks().validateScope(app).violations).toEqual([]);
  });

  it('gives every acknowledgement a reason', () => {
    const acks: { id: string; reason: string }[] = [];
    const walk = (c: IConstruct) => {
      for (const m of c.node.metadata) {
        if (m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
          for (const [id, reason] of Object.entries(m.data as Record<string, string>))
            acks.push({ id, reason });
        }
      }
      c.node.children.forEach(walk);
    };
    walk(app);
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) expect(a.reason?.length ?? 0).toBeGreaterThan(30);
  });

  it('flags an evidence bucket without Object Lock', () => {
    const stack = new Stack(new App(), 'Unlocked');
    const bucket = new s3.Bucket(stack, 'Evidence', { versioned: true });
    (bucket.node.defaultChild as s3.CfnBucket).node.addMetadata(EVIDENCE_BUCKET_MARK, true);
    new s3.Bucket(stack, 'Other');
    const rules = new FluxChecks().validateScope(stack).violations;
    expect(rules.map((v) => v.ruleName)).toEqual(['Flux-EvidenceBucketObjectLock']);
    expect(rules[0]!.violatingResources).toHaveLength(1);
  });
});

describe('checkov suppressions', () => {
  it('suppresses checks on resources only with a reason: CKV_AWS_18 on the access-log bucket alone', () => {
    const skips = [stateful, stateless].flatMap((t) =>
      Object.entries(t.toJSON().Resources as Record<string, { Metadata?: Record<string, unknown> }>).flatMap(
        ([logicalId, r]) =>
          ((r.Metadata?.[CHECKOV_METADATA_KEY] as { skip?: CheckovSkip[] } | undefined)?.skip ?? []).map(
            (s) => ({ logicalId, ...s }),
          ),
      ),
    );
    expect(skips.map((s) => [s.id, s.logicalId.replace(/[0-9A-F]{8}$/, '')])).toEqual([
      ['CKV_AWS_18', 'EvidenceStoreAccessLogs'],
    ]);
    for (const s of skips) expect(s.comment.length).toBeGreaterThan(30);
  });
});

describe('cfn-lint', () => {
  // CDK output warnings we accept, each with the reason:
  const IGNORED = [
    'W3005', // redundant DependsOn that CDK itself adds
  ];

  it('finds no error in the synthesized templates or the member-account role', () => {
    // The pinned cfn-lint (requirements-dev.txt): from PATH, or installed into .moto-venv; never skipped.
    const cfnLint = resolveCfnLint(process.cwd(), (l) => process.stderr.write(`${l}\n`));
    const assembly = app.synth();
    const files = [...assembly.stacks.map((s) => s.templateFullPath), 'infra/member-account-role.yaml'];
    expect(files.length).toBe(3);
    const r = spawnSync(cfnLint, ['--format', 'parseable', '--ignore-checks', ...IGNORED, '--', ...files], {
      encoding: 'utf8',
    });
    // Exit codes: 0 clean, 2 errors, 4 warnings, 8 informational (bit flags); anything else means it did not run.
    expect(r.error).toBeUndefined();
    expect(r.stderr.trim()).toBe('');
    expect(r.stdout.trim().split('\n').filter(Boolean)).toEqual([]);
    expect(r.status).toBe(0);
  }, 600_000);
});

describe('member-account role', () => {
  it('is current with the registry and covers every AWS collector permission', () => {
    expect(() =>
      execFileSync('npx', ['tsx', 'infra/scripts/gen-member-role.ts', '--check'], { encoding: 'utf8' }),
    ).not.toThrow();
    const yaml = execFileSync('cat', ['infra/member-account-role.yaml'], { encoding: 'utf8' });
    for (const c of collectors.filter((x) => x.meta.source === 'aws')) {
      for (const action of c.meta.permissions) expect(yaml).toContain(`- ${action}\n`);
    }
    expect(yaml).toContain('sts:ExternalId: !Ref ExternalId');
  }, 60_000);
});
