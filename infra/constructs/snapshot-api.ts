import { Duration, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FluxConfig } from '../../shared/config/schema.js';
import { PERSON_KINDS } from '../../shared/manual/types.js';
import { acknowledge } from '../nag/acknowledge.js';
import { evidenceObjectsArn } from './evidence-store.js';
import { FluxFunction, dlqAlarm } from './flux-function.js';
import { SIGNER_ROLE_NAMES } from './signing-key.js';
import {
  evidencePrefixFinding,
  grantEvidenceRead,
  grantEvidenceWrite,
  grantLedger,
  type DataPlane,
} from './grants.js';

/** The API's routes: method and path, as the handler's `routeKey` sees them. */
const SNAPSHOT_ROUTES = [
  { method: apigw.HttpMethod.POST, path: '/snapshots' },
  { method: apigw.HttpMethod.GET, path: '/snapshots' },
  { method: apigw.HttpMethod.POST, path: '/snapshots/{id}/url' },
] as const;

export interface SnapshotApiProps {
  readonly config: FluxConfig;
  readonly data: DataPlane;
  readonly signingKey: kms.IKey;
  readonly opsKey: kms.IKey;
  readonly alarmAction: cwActions.SnsAction;
  /** The sequencer's append queue. */
  readonly appendQueue: sqs.IQueue;
}

/**
 * The auditor-facing snapshot API (docs/AUDITOR-ACCESS.md): an HTTP API whose every route requires IAM
 * authorization (SigV4), in front of one function running as the snapshot-signer role. That role may sign
 * manifests with the signing key, write snapshots (locked) and access evidence under their prefixes, read
 * evidence and the ledger, and nothing else. Access logs of the stage go to an encrypted log group.
 */
export class SnapshotApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly function: FluxFunction;
  readonly accessLogs: logs.LogGroup;
  /** Accepted builds: POST /snapshots answers 202 within API Gateway's 30 s and the function builds from here. */
  readonly builds: sqs.Queue;
  readonly buildDeadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: SnapshotApiProps) {
    super(scope, id);
    const { config, data } = props;
    const stack = Stack.of(this);
    // By name: the stateful stack made it (the stacks depend on each other), and its policies attach by name.
    const role = iam.Role.fromRoleName(this, 'SignerRole', SIGNER_ROLE_NAMES.snapshotSigner, {
      mutable: true,
    });
    this.function = new FluxFunction(this, 'Handler', {
      entry: 'functions/snapshot-api/handler.ts',
      description: 'snapshot API (create, list, presigned URL)',
      role,
      // A queued build streams its artifacts into S3; windows over the measured ceiling (docs/AUDITOR-ACCESS.md) get 413.
      timeout: Duration.minutes(15),
      memorySize: 2048,
      encryptionKey: props.opsKey,
      alarmAction: props.alarmAction,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'flux-snapshot-api',
        SIGNING_KEY_ARN: props.signingKey.keyArn,
        ACCOUNT_ID: stack.account,
        FLUX_CONFIG: JSON.stringify({
          origin: config.origin,
          retention: config.retention,
          auditors: config.auditors,
          operators: config.operators,
        }),
      },
    });
    const f = this.function;
    f.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'SignManifests',
        actions: ['kms:Sign', 'kms:GetPublicKey'],
        resources: [props.signingKey.keyArn],
      }),
      new iam.PolicyStatement({
        sid: 'ListSnapshots',
        actions: ['s3:ListBucket'],
        resources: [data.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': ['snapshots/*'] } },
      }),
      new iam.PolicyStatement({
        sid: 'AbortSnapshotUploads',
        actions: ['s3:AbortMultipartUpload'],
        resources: [evidenceObjectsArn(f, 'snapshots')],
      }),
    );
    // Snapshots archive the cited evidence and the observation statements of the window's log population.
    grantEvidenceRead(f, data, ['observation', 'coverage']);
    // The window evaluation judges manual evidence, approvals and exceptions (read-only) and the snapshot archives
    // them with their documents, as the CLI's `window --snapshot` does.
    const manualPrefixes = [...PERSON_KINDS, 'manual-files'];
    f.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadManualEvidence',
        actions: ['s3:GetObject'],
        resources: manualPrefixes.map((p) => evidenceObjectsArn(f, p)),
      }),
      new iam.PolicyStatement({
        sid: 'ListManualStatements',
        actions: ['s3:ListBucket'],
        resources: [data.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': PERSON_KINDS.map((k) => `${k}/*`) } },
      }),
    );
    acknowledge(
      f.role,
      'Reads manual statements and documents under their own prefixes only; keys carry dates and hashes.',
      ...manualPrefixes.map((p) => evidencePrefixFinding(f, p)),
    );
    grantEvidenceWrite(f, data, 'snapshots');
    // URL issuances are recorded as snapshot-access-log evidence before the URL is returned.
    grantEvidenceWrite(f, data, 'evidence');
    grantLedger(f, data, 'read');
    // URL issuances reach the log only through the sequencer's append queue (one writer of log items).
    props.appendQueue.grantSendMessages(f.role);
    f.fn.addEnvironment('APPEND_QUEUE_URL', props.appendQueue.queueUrl);
    // Builds outlast API Gateway's 30-second integration limit: the request checks and queues, this function builds
    // from the queue (one build per message, up to its 15 minutes). A build that fails twice goes to the
    // dead-letter queue, alarmed on its first message.
    const queueDefaults = {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.opsKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    };
    this.buildDeadLetters = new sqs.Queue(this, 'BuildDeadLetters', queueDefaults);
    this.builds = new sqs.Queue(this, 'Builds', {
      ...queueDefaults,
      visibilityTimeout: Duration.minutes(20),
      deadLetterQueue: { queue: this.buildDeadLetters, maxReceiveCount: 2 },
    });
    this.builds.grantSendMessages(f.role);
    f.fn.addEnvironment('BUILD_QUEUE_URL', this.builds.queueUrl);
    f.fn.addEventSource(new SqsEventSource(this.builds, { batchSize: 1, reportBatchItemFailures: true }));
    dlqAlarm(this, 'BuildDeadLettersAlarm', this.buildDeadLetters, 'snapshot builds').addAlarmAction(
      props.alarmAction,
    );
    acknowledge(
      f.role,
      'Snapshot keys carry engagement, framework, window and a random id; multipart uploads of them may be aborted.',
      evidencePrefixFinding(f, 'snapshots'),
    );

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: props.opsKey,
    });
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'Flux Evidence snapshot API (IAM authorization)',
      defaultAuthorizer: new HttpIamAuthorizer(),
      createDefaultStage: false,
    });
    new apigw.HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 10, burstLimit: 20 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            caller: '$context.identity.userArn',
            sourceIp: '$context.identity.sourceIp',
            error: '$context.error.message',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    const integration = new HttpLambdaIntegration('Snapshots', f.fn);
    for (const r of SNAPSHOT_ROUTES) this.api.addRoutes({ path: r.path, methods: [r.method], integration });
  }
}
