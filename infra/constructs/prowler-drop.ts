import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PROWLER_DROP_PREFIX } from '../../shared/ingest/ingest-prowler.js';
import type { FluxConfig } from '../../shared/config/schema.js';
import { acknowledge } from '../nag/acknowledge.js';
import { checkovSkip } from '../nag/checkov.js';
import { FluxFunction } from './flux-function.js';
import { grantEvidenceWrite, grantLedger, type DataPlane } from './grants.js';

/** The collector whose artifacts the drop stores; listing it in `collectors` (enabled) deploys the drop. */
export const PROWLER_DROP_COLLECTOR = 'prowler-ocsf-findings';
/** Days a dropped file stays in the drop bucket (its content is evidence by then, or it was refused and alarmed). */
const DROP_DAYS = 30;

export interface ProwlerDropProps {
  readonly config: FluxConfig;
  readonly data: DataPlane;
  /** The sequencer's append queue: the function's only way into the log. */
  readonly appendQueue: sqs.IQueue;
  readonly opsKey: kms.IKey;
  readonly alarmAction: cwActions.SnsAction;
}

/**
 * The deployed `ingest prowler`: a drop bucket (its own KMS key, TLS only, no public access, versioned, objects
 * expire after 30 days) where a scheduled Prowler run writes `prowler aws -M json-ocsf` output under
 * `ingest/prowler/`. S3 sends "Object Created" to EventBridge; a rule on that prefix invokes the drop function
 * (functions/prowler-drop/), which reads the object and runs the same ingest as the CLI: validated whole, stored
 * create-only under evidence/, appended through the append queue. A refused file stays where it was dropped and
 * raises the ProwlerScansRefused alarm. The function may read the drop prefix and nothing else of the bucket.
 */
export class ProwlerDrop extends Construct {
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;
  readonly function: FluxFunction;
  readonly rule: events.Rule;
  readonly refusedAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ProwlerDropProps) {
    super(scope, id);
    const { config, data } = props;
    this.key = new kms.Key(this, 'Key', {
      description: 'Flux Evidence: Prowler drop bucket',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'expire-dropped-scans',
          expiration: Duration.days(DROP_DAYS),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    // On the bucket itself (CDK's eventBridgeEnabled would add a custom-resource function to set it).
    (this.bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };
    const noLogs =
      'A drop bucket of transient inputs: each accepted file becomes a logged evidence artifact and each refusal an alarm; who writes here is the scheduled Prowler role alone (docs/DEPLOY.md).';
    acknowledge(this.bucket, noLogs, 'AwsSolutions-S1');
    checkovSkip(this.bucket, noLogs, 'CKV_AWS_18');

    this.function = new FluxFunction(this, 'Ingest', {
      entry: 'functions/prowler-drop/handler.ts',
      description: 'Prowler drop: ingest a dropped OCSF scan as evidence',
      timeout: Duration.minutes(5),
      memorySize: 1024,
      encryptionKey: props.opsKey,
      alarmAction: props.alarmAction,
      environment: {
        FLUX_CONFIG: JSON.stringify({ origin: config.origin, retention: config.retention, aws: config.aws }),
        APPEND_QUEUE_URL: props.appendQueue.queueUrl,
        POWERTOOLS_SERVICE_NAME: 'flux-prowler-drop',
      },
    });
    const f = this.function;
    const stack = Stack.of(this);
    f.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadDroppedScans',
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${PROWLER_DROP_PREFIX}*`)],
      }),
      new iam.PolicyStatement({
        sid: 'DecryptDroppedScans',
        actions: ['kms:Decrypt'],
        resources: [this.key.keyArn],
      }),
    );
    if (config.aws.accounts.mode === 'organization')
      f.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'ListOrgAccounts',
          actions: ['organizations:ListAccounts'],
          resources: ['*'],
        }),
      );
    acknowledge(
      f.role,
      `Reads the scans Prowler drops under ${PROWLER_DROP_PREFIX} of its own bucket (names unknown in advance); organizations:ListAccounts (organization mode) has no resource-level permissions.`,
      `AwsSolutions-IAM5[Resource::<${stack.resolve(stack.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket))}.Arn>/${PROWLER_DROP_PREFIX}*]`,
      'AwsSolutions-IAM5[Resource::*]',
    );
    grantEvidenceWrite(f, data, 'evidence');
    grantLedger(f, data, { writes: ['PutItem'], prefixes: ['LATEST#'] });
    props.appendQueue.grantSendMessages(f.role);

    this.rule = new events.Rule(this, 'Dropped', {
      description: `Flux Evidence: a Prowler OCSF scan dropped under ${PROWLER_DROP_PREFIX}`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [this.bucket.bucketName] },
          object: { key: [{ prefix: PROWLER_DROP_PREFIX }] },
        },
      },
      targets: [new targets.LambdaFunction(f.fn, { retryAttempts: 2, maxEventAge: Duration.hours(6) })],
    });
    this.refusedAlarm = new cloudwatch.Alarm(this, 'RefusedAlarm', {
      alarmDescription: 'Prowler drop: a dropped scan was refused (nothing stored; see the function log)',
      metric: new cloudwatch.Metric({
        namespace: 'FluxEvidence',
        metricName: 'ProwlerScansRefused',
        dimensionsMap: { service: 'flux-prowler-drop' },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.refusedAlarm.addAlarmAction(props.alarmAction);
    // Fixed output names (docs/DEPLOY.md refers to them).
    new CfnOutput(this, 'BucketName', {
      value: this.bucket.bucketName,
      description: `Prowler drop bucket: write prowler aws -M json-ocsf output under ${PROWLER_DROP_PREFIX}`,
    }).overrideLogicalId('ProwlerDropBucketName');
    new CfnOutput(this, 'KeyArn', {
      value: this.key.keyArn,
      description: 'Prowler drop bucket key (the writer needs kms:GenerateDataKey on it)',
    }).overrideLogicalId('ProwlerDropKeyArn');
  }
}
