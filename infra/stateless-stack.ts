import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { FluxConfig } from '../shared/config/schema.js';
import type { Collector } from '../shared/collectors/types.js';
import { Alerts, ALERTS_ENTRY } from './constructs/alerts.js';
import { CollectorWorker } from './constructs/collector-worker.js';
import { Fanout } from './constructs/fanout.js';
import { FluxFunction } from './constructs/flux-function.js';
import { grantEvidenceRead, grantLedger, secretArns, type DataPlane } from './constructs/grants.js';
import { Mapping } from './constructs/mapping.js';
import { Sequencer } from './constructs/sequencer.js';
import { sourceSettings } from './sources.js';

export interface StatelessStackProps extends StackProps {
  readonly config: FluxConfig;
  readonly collectors: readonly Collector[];
  readonly data: DataPlane;
  readonly signingKey: kms.IKey;
}

/** The schedule of a collector: config.collectors[id].schedule, else its meta; none when disabled. */
export function collectorSchedule(config: FluxConfig, collector: Collector): string | undefined {
  const override = config.collectors[collector.meta.id];
  if (override?.enabled === false) return undefined;
  return override?.schedule ?? collector.meta.schedule;
}

/** Functions, queues, schedules and alerts: replaceable at any time, holding no state of record. */
export class StatelessStack extends Stack {
  readonly alerts: Alerts;
  readonly fanout: Fanout;
  readonly workers: ReadonlyMap<string, CollectorWorker>;
  readonly mapping: Mapping;
  readonly sequencer: Sequencer;
  readonly alertsFunction: FluxFunction | undefined;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, data } = props;
    this.alerts = new Alerts(this, 'Alerts', { alerts: config.alerts });
    const common = { opsKey: this.alerts.opsKey, alarmAction: this.alerts.alarmAction };
    this.fanout = new Fanout(this, 'Fanout', { config, ...common });
    const workers = new Map<string, CollectorWorker>();
    for (const collector of props.collectors) {
      const settings = sourceSettings(collector.meta.source, config);
      const schedule = collectorSchedule(config, collector);
      if (!settings || !schedule) continue;
      workers.set(
        collector.meta.id,
        new CollectorWorker(this, `Collector-${collector.meta.id}`, {
          meta: collector.meta,
          settings,
          schedule,
          memberRoleName: config.aws.memberRoleName,
          data,
          bus: this.alerts.bus,
          fanout: this.fanout.function,
          ...common,
        }),
      );
    }
    this.workers = workers;
    this.mapping = new Mapping(this, 'Mapping', { data, bus: this.alerts.bus, ...common });
    this.sequencer = new Sequencer(this, 'Sequencer', {
      config,
      data,
      signingKey: props.signingKey,
      ...common,
    });
    this.alertsFunction = this.alerts.handlerPresent ? this.wireAlerts(config, data) : undefined;
    new CfnOutput(this, 'EventBusName', { value: this.alerts.bus.eventBusName });
    new CfnOutput(this, 'AlertsTopicArn', { value: this.alerts.topic.topicArn });
    new CfnOutput(this, 'CollectorRoleArns', {
      value: [...workers.values()].map((w) => w.function.role.roleArn).join(','),
      description: 'Principals the member-account role trusts',
    });
  }

  /** The alerts function (functions/alerts/handler.ts): publishes transitions and runs the evidence-gap check. */
  private wireAlerts(config: FluxConfig, data: DataPlane): FluxFunction {
    const f = new FluxFunction(this, 'AlertsFunction', {
      entry: ALERTS_ENTRY,
      description: 'drift alerts and evidence-gap check',
      timeout: Duration.minutes(2),
      encryptionKey: this.alerts.opsKey,
      alarmAction: this.alerts.alarmAction,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'flux-alerts',
        ALERT_TOPIC_ARN: this.alerts.topic.topicArn,
        FRAMEWORKS: config.frameworks.join(','),
        EVENT_BUS_NAME: this.alerts.bus.eventBusName,
        ...(config.alerts.evidenceLinkBase ? { EVIDENCE_LINK_BASE: config.alerts.evidenceLinkBase } : {}),
        ...(config.alerts.webhookUrlSecret ? { WEBHOOK_SECRET_ID: config.alerts.webhookUrlSecret } : {}),
      },
    });
    this.alerts.topic.grantPublish(f.role);
    this.alerts.bus.grantPutEventsTo(f.role);
    grantLedger(f, data, 'read');
    grantEvidenceRead(f, data);
    f.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': 'FluxEvidence' } },
      }),
    );
    if (config.alerts.webhookUrlSecret) {
      f.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: secretArns(f, [config.alerts.webhookUrlSecret]),
        }),
      );
    }
    return f;
  }
}
