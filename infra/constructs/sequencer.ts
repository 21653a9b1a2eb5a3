import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ScheduleDeadLetters } from './schedule-dead-letters.js';
import type { FluxConfig } from '../../shared/config/schema.js';
import { SCHEDULE_NAMES } from '../../shared/doctor/names.js';
import { dlqAlarm, FluxFunction } from './flux-function.js';
import { grantEvidenceRead, grantEvidenceWrite, grantLedger, type DataPlane } from './grants.js';
import { SIGNER_ROLE_NAMES } from './signing-key.js';

export interface SequencerProps {
  readonly config: FluxConfig;
  readonly data: DataPlane;
  readonly signingKey: kms.IKey;
  readonly opsKey: kms.IKey;
  readonly alarmAction: cwActions.SnsAction;
  /** Dead-letter queue and retry policy of the schedule's target. */
  readonly schedules: ScheduleDeadLetters;
  /** Where a `ledger-fork` alert goes. */
  readonly topic: sns.ITopic;
  readonly bus: events.IEventBus;
}

/** How long one sequencer run may take (it drains up to 5,000 append requests, then signs). */
const SEQUENCER_TIMEOUT = Duration.minutes(5);

/**
 * The sequencer, the one writer of the log: every 5 minutes it drains the append queue the collectors fill
 * (checking each request against the stored object), appends in batched transactions, verifies the head extends
 * the last signed checkpoint and signs it with the KMS key (the only function that may), storing the checkpoint
 * in the table and, locked, under checkpoints/ in the bucket. Reserved concurrency 1: one writer at a time.
 */
export class Sequencer extends Construct {
  readonly function: FluxFunction;
  readonly schedule: scheduler.Schedule;
  /** Append requests from the collectors (FIFO, KMS-encrypted, 5 receives then a dead-letter queue). */
  readonly appendQueue: sqs.Queue;
  readonly appendDeadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: SequencerProps) {
    super(scope, id);
    const queueDefaults = {
      fifo: true,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.opsKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    };
    this.appendDeadLetters = new sqs.Queue(this, 'AppendDeadLetters', queueDefaults);
    this.appendQueue = new sqs.Queue(this, 'Appends', {
      ...queueDefaults,
      visibilityTimeout: SEQUENCER_TIMEOUT.plus(Duration.minutes(1)),
      deadLetterQueue: { queue: this.appendDeadLetters, maxReceiveCount: 5 },
    });
    this.function = new FluxFunction(this, 'Sequencer', {
      entry: 'functions/sequencer/handler.ts',
      description: 'checkpoint sequencer',
      roleName: SIGNER_ROLE_NAMES.sequencer,
      reservedConcurrentExecutions: 1,
      timeout: SEQUENCER_TIMEOUT,
      encryptionKey: props.opsKey,
      alarmAction: props.alarmAction,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'flux-sequencer',
        LEDGER_ORIGIN: props.config.origin,
        SIGNING_KEY_ARN: props.signingKey.keyArn,
        RETENTION_MODE: props.config.retention.mode,
        RETENTION_DAYS: String(props.config.retention.days),
        ALERT_TOPIC_ARN: props.topic.topicArn,
        EVENT_BUS_NAME: props.bus.eventBusName,
        APPEND_QUEUE_URL: this.appendQueue.queueUrl,
      },
    });
    const f = this.function;
    f.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'SignCheckpoints',
        actions: ['kms:Sign', 'kms:GetPublicKey'],
        resources: [props.signingKey.keyArn],
      }),
    );
    grantLedger(f, props.data, 'sequencer');
    grantEvidenceWrite(f, props.data, 'checkpoints');
    // Each request is checked against the stored object's bytes (an artifact, or an observation, coverage, manual, approval
    // or exception statement: the upload API hands people's statements to the log through the queue too).
    grantEvidenceRead(f, props.data, ['observation', 'coverage', 'manual', 'approval', 'exception']);
    this.appendQueue.grantConsumeMessages(f.role);
    dlqAlarm(
      this,
      'AppendDeadLettersAlarm',
      this.appendDeadLetters,
      'sequencer append requests',
    ).addAlarmAction(props.alarmAction);
    // A head that does not extend the last signed checkpoint is refused and announced (ledger-fork).
    props.topic.grantPublish(f.role);
    props.bus.grantPutEventsTo(f.role);
    this.schedule = new scheduler.Schedule(this, 'Every5Minutes', {
      scheduleName: SCHEDULE_NAMES.checkpoint,
      description: 'Flux Evidence: append queued evidence and sign a ledger checkpoint',
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(5)),
      target: props.schedules.invoke(f.fn, { retryAttempts: 0, maxEventAge: Duration.minutes(5) }),
    });
  }
}
