// Manual evidence in a deployment, proven from the synthesized templates: the upload routes require IAM
// authorization, the upload role holds exactly what presigning, checking and queueing need (and no log write), and
// the evidence-gap check can read the statements it checks for expiry.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildFluxApp, cdkJsonContext } from '../../../infra/build.js';
import { loadConfigFile } from '../../../shared/config/load.js';

type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
};
type Resource = { Properties: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
const asList = <T>(a: T | T[]) => (Array.isArray(a) ? a : [a]);
const json = (v: unknown) => JSON.stringify(v);
let stateful: Template;
let stateless: Template;

beforeAll(() => {
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  const built = buildFluxApp(app, {
    config: loadConfigFile('flux.config.example.json'),
    nag: false,
    env: { account: '111111111111', region: 'eu-west-1' },
  });
  stateful = Template.fromStack(built.stateful);
  stateless = Template.fromStack(built.stateless);
}, 240_000);

function functionNamed(description: string): Resource {
  const fn = Object.values(stateless.findResources('AWS::Lambda::Function')).find(
    (f) => f.Properties.Description === description,
  );
  if (!fn) throw new Error(`no function ${description}`);
  return fn as Resource;
}

/** Every statement of the inline policies attached to a function's role. */
function statementsOf(fn: Resource): Statement[] {
  const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return Object.values(stateless.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

/** The object-key suffixes (`/<prefix>/*`) a statement's resources name, sorted. */
const prefixes = (s: Statement | undefined) =>
  asList(s?.Resource)
    .map((r) => /\/([a-z-]+)\/\*"?\]*\]*\}?$/.exec(json(r))?.[1] ?? json(r))
    .sort();

describe('manual evidence upload API', () => {
  it('adds four POST routes to the snapshot API, each with IAM authorization, all on one function', () => {
    const routes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')).filter((r) =>
      (r.Properties.RouteKey as string).includes('/manual/'),
    );
    expect(routes.map((r) => r.Properties.RouteKey as string).sort()).toEqual([
      'POST /manual/approvals',
      'POST /manual/evidence',
      'POST /manual/exceptions',
      'POST /manual/uploads',
    ]);
    const apis = new Set(routes.map((r) => json(r.Properties.ApiId)));
    expect(apis.size).toBe(1);
    expect(Object.keys(stateless.findResources('AWS::ApiGatewayV2::Api'))).toHaveLength(1);
    for (const r of routes) expect(r.Properties.AuthorizationType).toBe('AWS_IAM');
    expect(new Set(routes.map((r) => json(r.Properties.Target))).size).toBe(1);
  });

  it('grants exactly: create under manual-files/ and the statement prefixes, read them, read the ledger, queue', () => {
    const fn = functionNamed('manual evidence upload API (presign, complete, approve, exception)');
    expect(Object.keys(fn.Properties.Environment.Variables).sort()).toEqual(
      expect.arrayContaining([
        'APPEND_QUEUE_URL',
        'EVIDENCE_BUCKET',
        'EVIDENCE_KEY_ARN',
        'FLUX_CONFIG',
        'TABLE_NAME',
      ]),
    );
    const statements = statementsOf(fn);
    const bySid = (sid: string) => statements.find((s) => s.Sid === sid);
    expect(asList(bySid('PresignedUploads')!.Action).sort()).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(prefixes(bySid('PresignedUploads'))).toEqual(['manual-files']);
    expect(asList(bySid('PeopleStatements')!.Action).sort()).toEqual([
      's3:GetObject',
      's3:PutObject',
      's3:PutObjectRetention',
    ]);
    expect(prefixes(bySid('PeopleStatements'))).toEqual(['approval', 'exception', 'manual']);
    expect(bySid('ListPeopleStatements')!.Condition).toEqual({
      StringLike: { 's3:prefix': ['manual/*', 'approval/*', 'exception/*'] },
    });
    const actions = statements.flatMap((s) => asList(s.Action)).sort();
    // Every S3 action is in the statements above; DynamoDB is read only; SQS may only send.
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual([
      's3:GetObject',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
      's3:PutObject',
      's3:PutObjectRetention',
    ]);
    expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
    ]);
    expect(actions.filter((a) => a.startsWith('sqs:'))).toEqual([
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
    ]);
    // Beyond those: the function's own logs and traces (FluxFunction defaults).
    expect(actions.filter((a) => !/^(s3|dynamodb|sqs|kms):/.test(a))).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    expect(actions.filter((a) => a.startsWith('kms:'))).not.toContain('kms:Sign');
    const queue = statements.find((s) => asList(s.Action).includes('sqs:SendMessage'));
    expect(json(queue!.Resource)).toMatch(/SequencerAppends/);
    for (const s of statements) expect(s.Effect).toBe('Allow');
  });

  it('lets the sequencer read the statements it appends, and denies any PUT there without If-None-Match', () => {
    const seq = statementsOf(functionNamed('checkpoint sequencer'));
    const read = seq.find((s) => json(s.Action) === '"s3:GetObject"');
    expect(prefixes(read)).toEqual([
      'approval',
      'coverage',
      'evidence',
      'exception',
      'manual',
      'observation',
    ]);
    const deny = Object.values(stateful.findResources('AWS::S3::BucketPolicy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
      .find((s) => s.Sid === 'CreateOnlyEvidenceAndCheckpoints');
    expect(deny!.Condition).toEqual({ Null: { 's3:if-none-match': 'true' } });
    for (const p of ['manual-files', 'manual', 'approval', 'exception'])
      expect(json(deny!.Resource)).toContain(`/${p}/*`);
  });
});

describe('evidence-gap manual expiry', () => {
  it('has the bucket and the log origin, and reads and lists only evidence and the statement prefixes', () => {
    const fn = functionNamed('evidence-gap check (hourly)');
    const env = fn.Properties.Environment.Variables as Record<string, unknown>;
    expect(env.LEDGER_ORIGIN).toBe(loadConfigFile('flux.config.example.json').origin);
    expect(json(env.EVIDENCE_BUCKET)).toMatch(/EvidenceStoreEvidence/);
    const statements = statementsOf(fn);
    // Besides the statements people add: the schedule run plans it closes (coverage-plan/) and the coverage
    // statements it creates (coverage/, with the re-put check's GetObject; test/unit/infra/stacks.test.ts).
    const reads = statements.filter((s) => asList(s.Action).includes('s3:GetObject'));
    expect(reads.flatMap((s) => prefixes(s)).sort()).toEqual([
      'approval',
      'coverage',
      'coverage-plan',
      'evidence',
      'exception',
      'manual',
    ]);
    const lists = statements.filter((s) => asList(s.Action).includes('s3:ListBucket'));
    expect(lists.map((s) => s.Condition)).toEqual([
      { StringLike: { 's3:prefix': ['evidence/*', 'manual/*', 'approval/*', 'exception/*'] } },
      { StringLike: { 's3:prefix': ['coverage-plan/*'] } },
    ]);
    const s3Actions = statements.flatMap((s) => asList(s.Action)).filter((a) => a.startsWith('s3:'));
    expect([...new Set(s3Actions)].sort()).toEqual([
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
      's3:PutObjectRetention',
    ]);
  });
});
