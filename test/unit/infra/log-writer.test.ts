// The trust model, proven from the synthesized templates: one role writes log items; the keys and the bucket
// cannot be undermined quietly (docs/ARCHITECTURE.md, "Trust model: what an insider can and cannot do undetected").
import { beforeAll, describe, expect, it } from '@jest/globals';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildFluxApp, cdkJsonContext } from '../../../infra/build.js';
import { LOG_ITEM_PREFIXES, TABLE_WRITE_ACTIONS } from '../../../infra/constructs/grants.js';
import { BREAK_GLASS_ROLE_NAME, GUARDED_KEY_ACTIONS } from '../../../infra/constructs/key-guard.js';
import { loadConfigFile, parseConfig } from '../../../shared/config/load.js';

type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
};
const asList = <T>(a: T | T[]) => (Array.isArray(a) ? a : [a]);
let stateful: Template;
let stateless: Template;

beforeAll(() => {
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  const config = parseConfig(loadConfigFile('flux.config.example.json'));
  const built = buildFluxApp(app, {
    config,
    nag: false,
    env: { account: '111111111111', region: 'eu-west-1' },
  });
  stateful = Template.fromStack(built.stateful);
  stateless = Template.fromStack(built.stateless);
}, 240_000);

/** Whether an IAM action pattern (e.g. `dynamodb:Put*`, `dynamodb:*`, `*`) covers `action`. */
const covers = (pattern: string, action: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(action);

/** Whether a LeadingKeys pattern could match the partition key of some log item. */
const reachesLogItems = (pattern: string) =>
  LOG_ITEM_PREFIXES.some((prefix) => covers(pattern, `${prefix}${prefix.endsWith('#') ? '0' : ''}`));

/** Roles (by RoleName or logical id) with an Allow statement that can write a log item of the ledger table. */
function logWriters(t: Template): string[] {
  const resources = t.toJSON().Resources as Record<string, { Properties: Record<string, unknown> }>;
  const out = new Set<string>();
  for (const p of Object.values(t.findResources('AWS::IAM::Policy'))) {
    const statements = p.Properties.PolicyDocument.Statement as Statement[];
    const writes = statements.some((s) => {
      if (s.Effect !== 'Allow') return false;
      if (!asList(s.Action).some((a) => TABLE_WRITE_ACTIONS.some((w) => covers(a, w)))) return false;
      const leading = s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
      return leading === undefined || asList(leading).some(reachesLogItems);
    });
    if (!writes) continue;
    for (const r of p.Properties.Roles as { Ref: string }[]) {
      out.add(String(resources[r.Ref]?.Properties.RoleName ?? r.Ref));
    }
  }
  return [...out];
}

describe('one writer of the log', () => {
  it('gives exactly one role, the sequencer, write actions on log items', () => {
    expect(logWriters(stateless)).toEqual(['FluxEvidence-Sequencer']);
    expect(logWriters(stateful)).toEqual([]);
  });

  it('grants the sequencer the writes its appends make (moto does not enforce IAM, so only this shows it)', () => {
    const statements = Object.values(stateless.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
      .filter((s) => s.Sid === 'WriteLogItems');
    expect(statements).toHaveLength(1);
    // Put: create-only artifact items, new pages, nodes, the head, checkpoints; Update: the conditional
    // list_append that extends a partial page (shared/ledger/dynamo-log-write.ts).
    expect(asList(statements[0]!.Action)).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']),
    );
    expect(asList(statements[0]!.Action)).not.toContain('dynamodb:DeleteItem');
  });

  it('confines every other table writer to its own partition-key prefixes', () => {
    const conditioned = Object.values(stateless.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
      .filter((s) => s.Sid === 'WriteOwnItemsOnly');
    // Every collector, the mapper, the alerts and evidence-gap functions.
    expect(conditioned.length).toBeGreaterThan(20);
    const prefixes = new Set(
      conditioned.flatMap((s) => asList(s.Condition!['ForAllValues:StringLike']!['dynamodb:LeadingKeys']!)),
    );
    // COVERAGE#: the evidence-gap check's closed-run markers (the coverage statement itself goes to the sequencer).
    expect([...prefixes].sort()).toEqual(
      ['ALERT#*', 'COVERAGE#*', 'GAP#*', 'GAPWATCH#*', 'LATEST#*', 'RESULT#*', 'SCOPES#*', 'STATE#*'].sort(),
    );
  });

  it('the test itself: a collector statement without its condition would count as a second writer', () => {
    expect(reachesLogItems('LEAF#*')).toBe(true);
    expect(reachesLogItems('*')).toBe(true);
    expect(reachesLogItems('LATEST#*')).toBe(false);
    expect(reachesLogItems('HEAD')).toBe(true);
    expect(reachesLogItems('PAGE#*')).toBe(true);
    expect(reachesLogItems('LA*')).toBe(true);
  });

  it('lets collectors only send append requests, and only the sequencer receive them', () => {
    const queues = stateless.findResources('AWS::SQS::Queue', {
      Properties: { FifoQueue: true, VisibilityTimeout: 360 },
    });
    expect(Object.keys(queues)).toHaveLength(1);
    const [queueId] = Object.keys(queues);
    // Its URL is an output: `deployment import` gives it to the CLI, whose URL issuances go through it too.
    stateless.hasOutput('AppendQueueUrl', { Value: { Ref: queueId } });
    const statements = Object.values(stateless.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Statement[],
    );
    const on = (action: string) =>
      statements.filter(
        (s) => asList(s.Action).includes(action) && JSON.stringify(s.Resource).includes(queueId!),
      ).length;
    expect(on('sqs:ReceiveMessage')).toBe(1);
    expect(on('sqs:SendMessage')).toBeGreaterThan(20);
  });
});

describe('keys and storage that cannot be undermined quietly', () => {
  it('denies deleting, disabling or re-policying both keys to all but the break-glass role', () => {
    const keys = Object.values(stateful.findResources('AWS::KMS::Key'));
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      const deny = (key.Properties.KeyPolicy.Statement as Statement[]).find(
        (s) => s.Effect === 'Deny' && asList(s.Action).includes('kms:PutKeyPolicy'),
      );
      expect(deny).toMatchObject({ Principal: { AWS: '*' }, Resource: '*' });
      expect(asList(deny!.Action).sort()).toEqual([...GUARDED_KEY_ACTIONS].sort());
      expect(JSON.stringify(deny!.Condition)).toMatch(
        new RegExp(`ArnNotEquals.*aws:PrincipalArn.*role/${BREAK_GLASS_ROLE_NAME}`),
      );
      expect(key.Properties.BypassPolicyLockoutSafetyCheck).toBe(true);
    }
    // The stateful stack's roles: the break-glass role and the snapshot signer (named by the key policy).
    const roles = Object.values(stateful.findResources('AWS::IAM::Role')).filter(
      (r) => r.Properties.RoleName === BREAK_GLASS_ROLE_NAME,
    );
    expect(roles).toHaveLength(1);
    expect(JSON.stringify(roles[0]!.Properties.AssumeRolePolicyDocument)).toContain(
      'aws:MultiFactorAuthPresent',
    );
  });

  it('alerts on the guarded CloudTrail key events through the alerts topic', () => {
    const rules = Object.values(
      stateless.findResources('AWS::Events::Rule', { Properties: { EventPattern: { source: ['aws.kms'] } } }),
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]!.Properties.EventPattern.detail.eventName.sort()).toEqual(
      ['DisableKey', 'PutKeyPolicy', 'ScheduleKeyDeletion'].sort(),
    );
    expect(rules[0]!.Properties.EventBusName).toBeUndefined(); // the default bus, where CloudTrail events arrive
    expect(JSON.stringify(rules[0]!.Properties.Targets)).toMatch(/AlertsTopic/);
  });

  it('denies PutObject without If-None-Match under evidence/, observation/, coverage/ and checkpoints/', () => {
    const policies = Object.values(stateful.findResources('AWS::S3::BucketPolicy'));
    const deny = policies
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
      .find((s) => s.Sid === 'CreateOnlyEvidenceAndCheckpoints');
    expect(deny).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:PutObject',
      Condition: { Null: { 's3:if-none-match': 'true' } },
    });
    const resources = JSON.stringify(deny!.Resource);
    expect(resources).toContain('/evidence/*');
    expect(resources).toContain('/checkpoints/*');
    expect(resources).toContain('/observation/*');
    expect(resources).toContain('/coverage/*');
  });

  it('enables Object Lock on the access-log bucket too', () => {
    const buckets = Object.values(stateful.findResources('AWS::S3::Bucket'));
    expect(buckets).toHaveLength(2);
    for (const b of buckets) expect(b.Properties.ObjectLockEnabled).toBe(true);
  });
});
