import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as events from 'aws-cdk-lib/aws-events';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';
import type { ScheduleDeadLetters } from './schedule-dead-letters.js';
import { acknowledge } from '../nag/acknowledge.js';
import type { CollectorMeta } from '../../shared/kernel/types.js';
import type { SourceSettings } from '../sources.js';
import { dlqAlarm, FluxFunction } from './flux-function.js';
import { SCHEDULE_NAMES } from '../../shared/doctor/names.js';
import { SNAPSHOT_ACCESS_LOG_ID } from '../../shared/collectors/snapshot-access-log/meta.js';
import { grantAccessLogRead } from './access-log-read.js';
import { grantEvidenceWrite, grantLedger, secretArns, type DataPlane } from './grants.js';
import {
  COLLECTOR_BATCH_SIZE,
  COLLECTOR_MAX_CONCURRENCY,
  COLLECTOR_MEMORY_MB,
  COLLECTOR_TIMEOUT_MINUTES,
  COLLECTOR_UNIT_MAX_RECEIVES,
} from './collector-limits.js';

const COLLECTOR_TIMEOUT = Duration.minutes(COLLECTOR_TIMEOUT_MINUTES);

/** The Lambda entry of a collector's function, relative to the repository root. */
export function collectorEntry(id: string): string {
  return `functions/collector/entries/${id}.ts`;
}

export interface CollectorWorkerProps {
  readonly meta: CollectorMeta;
  readonly settings: SourceSettings;
  /** EventBridge Scheduler expression, or undefined for no schedule. */
  readonly schedule: string | undefined;
  readonly memberRoleName: string;
  readonly data: DataPlane;
  readonly bus: events.IEventBus;
  readonly opsKey: kms.IKey;
  readonly fanout: FluxFunction;
  readonly alarmAction: cwActions.SnsAction;
  /** Dead-letter queue and retry policy of the schedule's target. */
  readonly schedules: ScheduleDeadLetters;
  /** The sequencer's append queue: the collector's only way into the log. */
  readonly appendQueue: sqs.IQueue;
}

/**
 * One collector's pipeline: a FIFO work queue (MessageGroupId = account, so one account's units of this
 * collector run one at a time; DLQ after 3 receives), the collector function with a role holding exactly its
 * meta.permissions, and the schedule that asks the fan-out function to fill the queue.
 */
export class CollectorWorker extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly function: FluxFunction;
  readonly schedule: scheduler.Schedule | undefined;

  constructor(scope: Construct, id: string, props: CollectorWorkerProps) {
    super(scope, id);
    const { meta, data } = props;
    const queueDefaults = {
      fifo: true,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.opsKey,
      enforceSSL: true,
    };
    this.deadLetters = new sqs.Queue(this, 'UnitDeadLetters', {
      ...queueDefaults,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Units', {
      ...queueDefaults,
      contentBasedDeduplication: true,
      visibilityTimeout: COLLECTOR_TIMEOUT.plus(Duration.minutes(5)),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: COLLECTOR_UNIT_MAX_RECEIVES },
    });
    this.function = new FluxFunction(this, 'Collector', {
      // Generated per collector (scripts/gen-registry.ts): the bundle holds this collector only.
      entry: collectorEntry(meta.id),
      description: `collector ${meta.id}`,
      timeout: COLLECTOR_TIMEOUT,
      memorySize: COLLECTOR_MEMORY_MB,
      encryptionKey: props.opsKey,
      alarmAction: props.alarmAction,
      environment: {
        COLLECTOR_ID: meta.id,
        FLUX_CONFIG: JSON.stringify(props.settings.config),
        EVENT_BUS_NAME: props.bus.eventBusName,
        APPEND_QUEUE_URL: props.appendQueue.queueUrl,
        POWERTOOLS_SERVICE_NAME: `flux-collector-${meta.id}`,
      },
    });
    const f = this.function;
    if (meta.source === 'aws') {
      f.addToRolePolicy(
        // Read-only listing and Get/Describe calls: most have no resource-level permissions.
        new iam.PolicyStatement({
          sid: 'CollectorReadOnly',
          actions: [...meta.permissions],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'AssumeMemberRole',
          actions: ['sts:AssumeRole'],
          resources: [`arn:${f.env.partition}:iam::*:role/${props.memberRoleName}`],
        }),
      );
    }
    if (props.settings.secrets.length) {
      f.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'SourceSecrets',
          actions: ['secretsmanager:GetSecretValue'],
          resources: secretArns(f, props.settings.secrets),
        }),
      );
    }
    acknowledge(
      f.role,
      "Collectors' read-only APIs (meta.permissions) list and describe resources unknown in advance and mostly have no resource-level permissions; the member role is named, in any collected account.",
      'AwsSolutions-IAM5[Resource::*]',
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${props.memberRoleName}]`,
    );
    if (meta.id === SNAPSHOT_ACCESS_LOG_ID) grantAccessLogRead(f);
    grantEvidenceWrite(f, data, 'evidence');
    // A re-observation (source unchanged) is an observation statement stored create-only, then queued like an artifact.
    grantEvidenceWrite(f, data, 'observation');
    // No log item: the content index only (LATEST#); the artifact reaches the log through the sequencer's queue.
    grantLedger(f, data, { writes: ['PutItem'], prefixes: ['LATEST#'] });
    props.appendQueue.grantSendMessages(f.role);
    props.bus.grantPutEventsTo(f.role);
    f.fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: COLLECTOR_BATCH_SIZE,
        maxConcurrency: COLLECTOR_MAX_CONCURRENCY,
        reportBatchItemFailures: true,
      }),
    );
    const alarm = dlqAlarm(this, 'UnitDeadLettersAlarm', this.deadLetters, `collector ${meta.id} units`);
    alarm.addAlarmAction(props.alarmAction);
    this.queue.grantSendMessages(props.fanout.role);
    if (props.schedule) {
      this.schedule = new scheduler.Schedule(this, 'Schedule', {
        scheduleName: SCHEDULE_NAMES.collector(meta.id),
        description: `Flux Evidence: collect ${meta.id}`,
        schedule: scheduler.ScheduleExpression.expression(props.schedule),
        target: props.schedules.invoke(props.fanout.fn, {
          input: scheduler.ScheduleTargetInput.fromObject({
            collector: meta.id,
            queueUrl: this.queue.queueUrl,
          }),
          retryAttempts: 2,
        }),
      });
    }
  }
}
