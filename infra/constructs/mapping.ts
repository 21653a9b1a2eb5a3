import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';
import { FluxFunction } from './flux-function.js';
import { grantEvidenceRead, grantLedger, type DataPlane } from './grants.js';

import { EVIDENCE_EVENT_SOURCE } from '../../functions/collector/events.js';

export interface MappingProps {
  readonly data: DataPlane;
  readonly bus: events.IEventBus;
  readonly opsKey: kms.IKey;
  readonly alarmAction: cwActions.SnsAction;
  /** Ids of the collectors that are deployed and scheduled: the mapper judges only their rules. */
  readonly enabledCollectors: readonly string[];
}

/** The mapper: each EvidenceStored event on the Flux bus → control results, control state and transitions. */
export class Mapping extends Construct {
  readonly function: FluxFunction;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: MappingProps) {
    super(scope, id);
    this.function = new FluxFunction(this, 'Mapper', {
      entry: 'functions/mapper/handler.ts',
      description: 'mapper (evidence to control results)',
      timeout: Duration.minutes(2),
      encryptionKey: props.opsKey,
      alarmAction: props.alarmAction,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'flux-mapper',
        ENABLED_COLLECTORS: props.enabledCollectors.join(','),
      },
    });
    const f = this.function;
    grantEvidenceRead(f, props.data);
    // The mapper writes results, control-state and scope items (conditional puts) in the ledger table: no log item.
    grantLedger(f, props.data, {
      writes: ['PutItem', 'UpdateItem'],
      prefixes: ['RESULT#', 'STATE#', 'SCOPES#'],
    });
    this.rule = new events.Rule(this, 'EvidenceStored', {
      eventBus: props.bus,
      description: 'Flux Evidence: map each stored artifact',
      eventPattern: { source: [EVIDENCE_EVENT_SOURCE], detailType: ['EvidenceStored'] },
      targets: [
        new eventTargets.LambdaFunction(f.fn, { deadLetterQueue: f.deadLetterQueue, retryAttempts: 4 }),
      ],
    });
  }
}
