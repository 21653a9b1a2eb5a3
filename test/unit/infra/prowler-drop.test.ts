import { beforeAll, describe, expect, it } from '@jest/globals';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildFluxApp, cdkJsonContext } from '../../../infra/build.js';
import { loadConfigFile, parseConfig } from '../../../shared/config/load.js';

// The Prowler drop as synthesized: deployed only when the configuration enables prowler-ocsf-findings.
const base = JSON.parse(JSON.stringify(loadConfigFile('flux.config.example.json'))) as Record<
  string,
  unknown
>;
let t: Template;
let without: Template;

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

function synth(collectors: Record<string, unknown>): Template {
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  const config = parseConfig({ ...base, collectors });
  const built = buildFluxApp(app, {
    config,
    nag: false,
    env: { account: '111111111111', region: 'eu-west-1' },
  });
  return Template.fromStack(built.stateless);
}

beforeAll(() => {
  t = synth({ 'prowler-ocsf-findings': { enabled: true } });
  without = synth({});
}, 240_000);

/** The drop function's role's statements. */
function dropStatements(): Statement[] {
  const policies = t.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) =>
      (p.Properties.Roles as { Ref?: string }[]).some((r) => r.Ref?.startsWith('ProwlerDropIngestRole')),
    )
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

describe('Prowler drop (synthesized)', () => {
  it('is deployed only when the configuration enables prowler-ocsf-findings', () => {
    expect(Object.keys(without.findResources('AWS::Events::Rule'))).not.toContainEqual(
      expect.stringMatching(/^ProwlerDrop/),
    );
    expect(Object.keys(t.findResources('Custom::S3BucketNotifications'))).toEqual([]);
    expect(Object.keys(t.findResources('AWS::S3::Bucket'))).toEqual([
      expect.stringMatching(/^ProwlerDropBucket/),
    ]);
  });

  it('keeps the drop bucket private, KMS-encrypted with a rotated key, TLS-only and expiring', () => {
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() },
            BucketKeyEnabled: true,
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })] },
    });
    const keys = Object.entries(t.findResources('AWS::KMS::Key')).filter(([id]) =>
      id.startsWith('ProwlerDrop'),
    );
    expect(keys.map(([, k]) => k.Properties.EnableKeyRotation)).toEqual([true]);
    const policy = Object.values(t.findResources('AWS::S3::BucketPolicy'))[0]!;
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('invokes the drop function on objects created under ingest/prowler/ of that bucket only', () => {
    const rules = Object.values(t.findResources('AWS::Events::Rule')).filter(
      (r) => (r.Properties.EventPattern as { source?: string[] })?.source?.[0] === 'aws.s3',
    );
    expect(rules).toHaveLength(1);
    const rule = rules[0]!.Properties;
    expect(rule.EventPattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: {
        bucket: { name: [{ Ref: expect.stringMatching(/^ProwlerDropBucket/) }] },
        object: { key: [{ prefix: 'ingest/prowler/' }] },
      },
    });
    expect(rule.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [expect.stringMatching(/^ProwlerDropIngestFunction/), 'Arn'] },
        RetryPolicy: { MaximumEventAgeInSeconds: 21600, MaximumRetryAttempts: 2 },
      }),
    ]);
  });

  it("grants the function the drop prefix, create-only evidence writes and the append queue, and nothing of the log's own items", () => {
    const s = dropStatements();
    const all = s.flatMap(actionsOf);
    const read = s.find((x) => x.Sid === 'ReadDroppedScans')!;
    expect(actionsOf(read)).toEqual(['s3:GetObject']);
    expect(JSON.stringify(read.Resource)).toContain('/ingest/prowler/*');
    expect(new Set(all.filter((a) => a.startsWith('s3:')))).toEqual(
      new Set(['s3:GetObject', 's3:PutObject', 's3:PutObjectRetention']),
    );
    expect(all).not.toContain('s3:DeleteObject');
    expect(all).not.toContain('s3:ListBucket');
    const table = s.find((x) => x.Sid === 'WriteOwnItemsOnly')!;
    expect(actionsOf(table)).toEqual(['dynamodb:PutItem']);
    expect(table.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['LATEST#*'] } });
    expect(all).toContain('sqs:SendMessage');
    expect(
      all.filter((a) => a.startsWith('sqs:') && a !== 'sqs:SendMessage' && !a.startsWith('sqs:Get')),
    ).toEqual([]);
    // The example configuration lists accounts from the organization: resolved like the CLI does.
    expect(all).toContain('organizations:ListAccounts');
    expect(all.filter((a) => a.startsWith('iam:') || a.startsWith('sts:'))).toEqual([]);
  });

  it('outputs the bucket and key a scheduled Prowler run writes with (docs/DEPLOY.md)', () => {
    expect(Object.keys(t.findOutputs('*'))).toEqual(
      expect.arrayContaining(['ProwlerDropBucketName', 'ProwlerDropKeyArn']),
    );
  });

  it('alarms when a dropped scan is refused', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ProwlerScansRefused',
      Namespace: 'FluxEvidence',
      Dimensions: [{ Name: 'service', Value: 'flux-prowler-drop' }],
      AlarmActions: Match.anyValue(),
    });
  });
});
