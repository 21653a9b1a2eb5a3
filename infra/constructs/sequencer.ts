import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { FluxConfig } from '../../shared/config/schema.js';
import { FluxFunction } from './flux-function.js';
import { grantEvidenceWrite, grantLedger, type DataPlane } from './grants.js';
import { SIGNER_ROLE_NAMES } from './signing-key.js';

export interface SequencerProps {
  readonly config: FluxConfig;
  readonly data: DataPlane;
  readonly signingKey: kms.IKey;
  readonly opsKey: kms.IKey;
  readonly alarmAction: cwActions.SnsAction;
  /** Where a `ledger-fork` alert goes. */
  readonly topic: sns.ITopic;
  readonly bus: events.IEventBus;
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
        ALERT_TOPIC_ARN: props.topic.topicArn,
        EVENT_BUS_NAME: props.bus.eventBusName,
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
    // A head that does not extend the last signed checkpoint is refused and announced (ledger-fork).
    props.topic.grantPublish(f.role);
    props.bus.grantPutEventsTo(f.role);
    this.schedule = new scheduler.Schedule(this, 'Every5Minutes', {
      description: 'Flux Evidence: sign a ledger checkpoint',
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(5)),
      target: new targets.LambdaInvoke(f.fn, { retryAttempts: 0 }),
    });
  }
}
