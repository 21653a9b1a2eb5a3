import { existsSync } from 'node:fs';
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { FluxConfig } from '../../shared/config/schema.js';
import { REPO_ROOT } from './flux-function.js';

/**
 * The metric the evidence-gap function emits (functions/evidence-gap/handler.ts: Powertools EMF, namespace
 * FluxEvidence, `service` dimension = its service name): open gaps, i.e. collector scopes without fresh evidence.
 */
const EVIDENCE_GAPS_METRIC = {
  namespace: 'FluxEvidence',
  metricName: 'EvidenceGapsOpen',
  dimensionsMap: { service: 'flux-evidence-gap' },
} as const;

/** The alerts function's entry, wired by the stateless stack once it exists. */
export const ALERTS_ENTRY = 'functions/alerts/handler.ts';
/** The evidence-gap function's entry (hourly). */
export const EVIDENCE_GAP_ENTRY = 'functions/evidence-gap/handler.ts';

export interface AlertsProps {
  readonly alerts: FluxConfig['alerts'];
}

/**
 * The operational plumbing every other construct uses: the key for queues, the topic and function log groups,
 * the Flux event bus (EvidenceStored and control transitions), the KMS-encrypted alerts topic with the configured
 * e-mail subscriptions, and the missing-evidence alarm on `FluxEvidence/EvidenceGapsOpen`.
 */
export class Alerts extends Construct {
  readonly opsKey: kms.Key;
  readonly bus: events.EventBus;
  readonly topic: sns.Topic;
  readonly alarmAction: cwActions.SnsAction;
  readonly evidenceGapsAlarm: cloudwatch.Alarm;
  /** Whether functions/alerts/handler.ts exists at synth time (then the stateless stack deploys it). */
  readonly handlerPresent: boolean;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    this.handlerPresent = existsSync(`${REPO_ROOT}${ALERTS_ENTRY}`);
    this.opsKey = new kms.Key(this, 'OpsKey', {
      description: 'Flux Evidence: work queues, dead-letter queues, the alerts topic and function logs',
      enableKeyRotation: true,
    });
    // CloudWatch alarms publish to the encrypted topic.
    this.opsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    // Every FluxFunction's log group is encrypted with this key: CloudWatch Logs may use it for this account's
    // and region's log groups only (the encryption context names the log group).
    const stack = Stack.of(this);
    this.opsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsEncryption',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
          },
        },
      }),
    );
    this.bus = new events.EventBus(this, 'Bus', {
      description: 'Flux Evidence: EvidenceStored and control transitions',
    });
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Flux Evidence alerts',
      masterKey: this.opsKey,
      enforceSSL: true,
    });
    for (const email of props.alerts.emails) this.topic.addSubscription(new subs.EmailSubscription(email));
    this.alarmAction = new cwActions.SnsAction(this.topic);
    this.evidenceGapsAlarm = new cloudwatch.Alarm(this, 'EvidenceGapsAlarm', {
      alarmDescription: 'Controls without fresh evidence within their frequency (evidence-gap check)',
      metric: new cloudwatch.Metric({
        namespace: EVIDENCE_GAPS_METRIC.namespace,
        metricName: EVIDENCE_GAPS_METRIC.metricName,
        dimensionsMap: { ...EVIDENCE_GAPS_METRIC.dimensionsMap },
        statistic: 'Maximum',
        period: Duration.hours(1),
      }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // Once the check is deployed, no data means it did not run: that is a gap too.
      treatMissingData: this.handlerPresent
        ? cloudwatch.TreatMissingData.BREACHING
        : cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.evidenceGapsAlarm.addAlarmAction(this.alarmAction);
  }
}
