import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SCHEDULE_NAMES } from '../../shared/doctor/names.js';
import type { ScheduleDeadLetters } from './schedule-dead-letters.js';
import type { FluxConfig } from '../../shared/config/schema.js';
import { ALERTS_ENTRY, EVIDENCE_GAP_ENTRY, type Alerts } from './alerts.js';
import { FluxFunction } from './flux-function.js';
import {
  evidencePrefixFinding,
  grantEvidenceRead,
  grantEvidenceWrite,
  grantLedger,
  secretArns,
  type DataPlane,
  type LedgerAccess,
} from './grants.js';
import { evidenceObjectsArn } from './evidence-store.js';
import { acknowledge } from '../nag/acknowledge.js';

/** Control-state items: the alerts function reads and conditionally updates them (claims, transitions). */
const ALERTS_TABLE_ACTIONS = { writes: ['UpdateItem'], prefixes: ['ALERT#'] };
/** The evidence-gap check also opens and closes gap items, and marks schedule runs closed (COVERAGE#<runId>). */
const GAP_TABLE_ACTIONS = {
  writes: ['UpdateItem', 'PutItem', 'DeleteItem'],
  prefixes: ['ALERT#', 'GAP#', 'GAPWATCH#', 'COVERAGE#'],
};

export interface AlertFunctionsProps {
  readonly config: FluxConfig;
  readonly data: DataPlane;
  readonly alerts: Alerts;
  /** The mapper: its successful results (`{ transitions }`) go to the alerts function. */
  readonly mapper: FluxFunction;
  /** Ids of the collectors that are deployed and scheduled (the evidence-gap check watches these). */
  readonly enabledCollectors: readonly string[];
  /** Dead-letter queue and retry policy of the schedule's target. */
  readonly schedules: ScheduleDeadLetters;
  /** The sequencer's append queue: the evidence-gap check queues each closed run's coverage statement there. */
  readonly appendQueue: sqs.IQueue;
}

/**
 * The alerts function, triggered by the mapper's on-success Lambda destination (its `responsePayload` is the
 * mapper's `{ transitions }`), and the evidence-gap function, run hourly by EventBridge Scheduler. Each role
 * holds exactly: its ledger-table actions (with the table key), sns:Publish on the topic (with the topic key),
 * events:PutEvents on the bus, and GetSecretValue on the webhook secret when one is configured.
 */
export class AlertFunctions extends Construct {
  readonly alerts: FluxFunction;
  readonly evidenceGap: FluxFunction;
  readonly gapSchedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: AlertFunctionsProps) {
    super(scope, id);
    const { config, alerts } = props;
    const environment = {
      ALERT_TOPIC_ARN: alerts.topic.topicArn,
      EVENT_BUS_NAME: alerts.bus.eventBusName,
      FRAMEWORKS: config.frameworks.join(','),
      ...(config.alerts.evidenceLinkBase ? { EVIDENCE_LINK_BASE: config.alerts.evidenceLinkBase } : {}),
      ...(config.alerts.webhookUrlSecret ? { WEBHOOK_SECRET_ID: config.alerts.webhookUrlSecret } : {}),
    };
    const common = { encryptionKey: alerts.opsKey, alarmAction: alerts.alarmAction };
    this.alerts = new FluxFunction(this, 'Alerts', {
      entry: ALERTS_ENTRY,
      description: 'drift alerts (one per control transition)',
      timeout: Duration.minutes(1),
      environment: { POWERTOOLS_SERVICE_NAME: 'flux-alerts', ...environment },
      ...common,
    });
    this.evidenceGap = new FluxFunction(this, 'EvidenceGap', {
      entry: EVIDENCE_GAP_ENTRY,
      description: 'evidence-gap check (hourly)',
      timeout: Duration.minutes(2),
      environment: {
        POWERTOOLS_SERVICE_NAME: 'flux-evidence-gap',
        ENABLED_COLLECTORS: props.enabledCollectors.join(','),
        // With EVIDENCE_BUCKET (set by the read grant below): stopped collectors' controls turn UNKNOWN, and manual
        // evidence and exceptions are checked for expiry against the log.
        LEDGER_ORIGIN: config.origin,
        ...environment,
      },
      ...common,
    });
    this.grant(this.alerts, props, ALERTS_TABLE_ACTIONS);
    this.grant(this.evidenceGap, props, GAP_TABLE_ACTIONS);
    // Stored evidence, and the manual, approval and exception statements it lists and reads (never manual-files/).
    const people = ['manual', 'approval', 'exception'] as const;
    grantEvidenceRead(this.evidenceGap, props.data, people, people);
    this.grantCoverage(this.evidenceGap, props);
    // Asynchronous invocations of the mapper (its EventBridge rule) hand their result to the alerts function.
    props.mapper.fn.configureAsyncInvoke({
      onSuccess: new destinations.LambdaDestination(this.alerts.fn, { responseOnly: false }),
    });
    this.gapSchedule = new scheduler.Schedule(this, 'EvidenceGapHourly', {
      scheduleName: SCHEDULE_NAMES.evidenceGap,
      description: 'Flux Evidence: evidence-gap check',
      schedule: scheduler.ScheduleExpression.rate(Duration.hours(1)),
      target: props.schedules.invoke(this.evidenceGap.fn, { retryAttempts: 1 }),
    });
  }

  /**
   * Closing schedule runs: list and read the fan-out's plans (coverage-plan/), store coverage statements create-only
   * (coverage/), and queue them for the sequencer; the log itself stays the sequencer's alone.
   */
  private grantCoverage(f: FluxFunction, props: AlertFunctionsProps): void {
    f.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadRunPlans',
        actions: ['s3:GetObject'],
        resources: [evidenceObjectsArn(f, 'coverage-plan')],
      }),
      new iam.PolicyStatement({
        sid: 'ListRunPlans',
        actions: ['s3:ListBucket'],
        resources: [props.data.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': ['coverage-plan/*'] } },
      }),
    );
    acknowledge(
      f.role,
      'Reads the schedule run plans under coverage-plan/ only.',
      evidencePrefixFinding(f, 'coverage-plan'),
    );
    grantEvidenceWrite(f, props.data, 'coverage');
    props.appendQueue.grantSendMessages(f.role);
    f.fn.addEnvironment('APPEND_QUEUE_URL', props.appendQueue.queueUrl);
  }

  private grant(f: FluxFunction, props: AlertFunctionsProps, access: LedgerAccess): void {
    const { data, alerts, config } = props;
    // Alert claims and gap state only (dynamodb:LeadingKeys): never a log item.
    grantLedger(f, data, access);
    alerts.topic.grantPublish(f.role);
    alerts.bus.grantPutEventsTo(f.role);
    if (config.alerts.webhookUrlSecret) {
      f.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'WebhookSecret',
          actions: ['secretsmanager:GetSecretValue'],
          resources: secretArns(f, [config.alerts.webhookUrlSecret]),
        }),
      );
    }
  }
}
