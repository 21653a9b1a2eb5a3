import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag/acknowledge.js';
import { dlqAlarm } from './flux-function.js';

export interface ScheduleDeadLettersProps {
  readonly opsKey: kms.IKey;
  readonly alarmAction: cwActions.SnsAction;
}

/**
 * Where EventBridge Scheduler puts an invocation it could not deliver after its retries (throttled, function
 * missing, permission denied): one encrypted TLS-only queue for every schedule of the stack, with an alarm on
 * the first message. Build each schedule's target with {@link ScheduleDeadLetters.invoke}.
 */
export class ScheduleDeadLetters extends Construct {
  readonly queue: sqs.Queue;
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ScheduleDeadLettersProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.opsKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.queue,
      'This queue is itself a dead-letter queue: the one EventBridge Scheduler targets send undeliverable invocations to.',
      'AwsSolutions-SQS3',
    );
    this.alarm = dlqAlarm(this, 'Alarm', this.queue, 'schedules');
    this.alarm.addAlarmAction(props.alarmAction);
  }

  /**
   * A Lambda target with this dead-letter queue and a retry policy: `retryAttempts` retries (Scheduler backs
   * off exponentially) within `maxEventAge`, then the event goes to the queue.
   */
  invoke(
    fn: lambda.IFunction,
    o: { retryAttempts: number; maxEventAge?: Duration; input?: targets.ScheduleTargetBaseProps['input'] },
  ): targets.LambdaInvoke {
    return new targets.LambdaInvoke(fn, {
      retryAttempts: o.retryAttempts,
      maxEventAge: o.maxEventAge ?? Duration.hours(1),
      deadLetterQueue: this.queue,
      ...(o.input ? { input: o.input } : {}),
    });
  }
}
