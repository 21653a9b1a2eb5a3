import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';
import type { ScheduleDeadLetters } from './schedule-dead-letters.js';
import type { FluxConfig } from '../../shared/config/schema.js';
import { SCHEDULE_NAMES } from '../../shared/doctor/names.js';
import { FluxFunction } from './flux-function.js';
import { grantEvidenceWrite, grantLedger, type DataPlane } from './grants.js';
import { SIGNER_ROLE_NAMES } from './signing-key.js';

export interface SequencerProps {
  readonly config: FluxConfig;
  readonly data: DataPlane;
  readonly signingKey: kms.IKey;
  readonly opsKey: kms.IKey;
  readonly alarmAction: cwActions.SnsAction;
  /** Dead-letter queue and retry policy of the schedule's target. */
  readonly schedules: ScheduleDeadLetters;
}

/**
 * The checkpoint sequencer: every 5 minutes it signs the ledger head with the KMS key (the only function
 * that may) and stores the checkpoint in the table and, locked, under checkpoints/ in the bucket. Reserved
 * concurrency 1: one writer at a time.
 */
export class Sequencer extends Construct {
  readonly function: FluxFunction;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: SequencerProps) {
    super(scope, id);
    this.function = new FluxFunction(this, 'Sequencer', {
      entry: 'functions/sequencer/handler.ts',
      description: 'checkpoint sequencer',
      roleName: SIGNER_ROLE_NAMES.sequencer,
      reservedConcurrentExecutions: 1,
      timeout: Duration.minutes(1),
      encryptionKey: props.opsKey,
      alarmAction: props.alarmAction,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'flux-sequencer',
        LEDGER_ORIGIN: props.config.origin,
        SIGNING_KEY_ARN: props.signingKey.keyArn,
        RETENTION_MODE: props.config.retention.mode,
        RETENTION_DAYS: String(props.config.retention.days),
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
    grantLedger(f, props.data, 'readWrite');
    grantEvidenceWrite(f, props.data, 'checkpoints');
    this.schedule = new scheduler.Schedule(this, 'Every5Minutes', {
      scheduleName: SCHEDULE_NAMES.checkpoint,
      description: 'Flux Evidence: sign a ledger checkpoint',
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(5)),
      target: props.schedules.invoke(f.fn, { retryAttempts: 0, maxEventAge: Duration.minutes(5) }),
    });
  }
}
