import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { FluxConfig } from '../shared/config/schema.js';
import type { Collector } from '../shared/kernel/types.js';
import { AlertFunctions } from './constructs/alert-functions.js';
import { Alerts } from './constructs/alerts.js';
import { CollectorWorker } from './constructs/collector-worker.js';
import { Fanout } from './constructs/fanout.js';
import { KeyTamperAlert } from './constructs/key-guard.js';
import type { DataPlane } from './constructs/grants.js';
import { ManualUpload } from './constructs/manual-upload.js';
import { Mapping } from './constructs/mapping.js';
import { PROWLER_DROP_COLLECTOR, ProwlerDrop } from './constructs/prowler-drop.js';
import { ScheduleDeadLetters } from './constructs/schedule-dead-letters.js';
import { Sequencer } from './constructs/sequencer.js';
import { SnapshotApi } from './constructs/snapshot-api.js';
import { sourceSettings } from './sources.js';

export interface StatelessStackProps extends StackProps {
  readonly config: FluxConfig;
  readonly collectors: readonly Collector[];
  readonly data: DataPlane;
  readonly signingKey: kms.IKey;
}

/** The schedule of a collector: config.collectors[id].schedule, else its meta; none when disabled. */
function collectorSchedule(config: FluxConfig, collector: Collector): string | undefined {
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
  readonly schedules: ScheduleDeadLetters;
  readonly snapshotApi: SnapshotApi;
  /** The alerts (mapper destination) and hourly evidence-gap functions, once functions/alerts/ exists. */
  readonly alertFunctions: AlertFunctions | undefined;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, data } = props;
    this.alerts = new Alerts(this, 'Alerts', { alerts: config.alerts });
    const common = { opsKey: this.alerts.opsKey, alarmAction: this.alerts.alarmAction };
    this.schedules = new ScheduleDeadLetters(this, 'ScheduleDeadLetters', common);
    const schedules = this.schedules;
    this.fanout = new Fanout(this, 'Fanout', { config, data, ...common });
    this.sequencer = new Sequencer(this, 'Sequencer', {
      config,
      data,
      signingKey: props.signingKey,
      topic: this.alerts.topic,
      bus: this.alerts.bus,
      schedules,
      ...common,
    });
    const workers = new Map<string, CollectorWorker>();
    for (const collector of props.collectors) {
      const settings = sourceSettings(collector.meta, config);
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
          schedules,
          appendQueue: this.sequencer.appendQueue,
          ...common,
        }),
      );
    }
    this.workers = workers;
    // The Prowler drop (deployed when `collectors` lists prowler-ocsf-findings, enabled): its scans are judged too.
    const drop = config.collectors[PROWLER_DROP_COLLECTOR]?.enabled
      ? new ProwlerDrop(this, 'ProwlerDrop', {
          config,
          data,
          appendQueue: this.sequencer.appendQueue,
          ...common,
        })
      : undefined;
    // The scheduled collectors: the mapper judges only their rules, the evidence-gap check watches only them.
    const enabledCollectors = [...workers.keys(), ...(drop ? [PROWLER_DROP_COLLECTOR] : [])];
    this.mapping = new Mapping(this, 'Mapping', {
      data,
      bus: this.alerts.bus,
      enabledCollectors,
      ...common,
    });
    this.snapshotApi = new SnapshotApi(this, 'SnapshotApi', {
      config,
      data,
      signingKey: props.signingKey,
      appendQueue: this.sequencer.appendQueue,
      ...common,
    });
    new ManualUpload(this, 'ManualUpload', {
      config,
      data,
      api: this.snapshotApi.api,
      appendQueue: this.sequencer.appendQueue,
      ...common,
    });
    this.alertFunctions = this.alerts.handlerPresent
      ? new AlertFunctions(this, 'AlertFunctions', {
          config,
          data,
          alerts: this.alerts,
          mapper: this.mapping.function,
          enabledCollectors,
          schedules,
          appendQueue: this.sequencer.appendQueue,
        })
      : undefined;
    new KeyTamperAlert(this, 'KeyTamperAlert', { topic: this.alerts.topic, topicKey: this.alerts.opsKey });
    new CfnOutput(this, 'EventBusName', { value: this.alerts.bus.eventBusName });
    new CfnOutput(this, 'SnapshotApiUrl', {
      value: this.snapshotApi.api.apiEndpoint,
      description: 'Snapshot API base URL (IAM authorization)',
    });
    new CfnOutput(this, 'SnapshotApiId', { value: this.snapshotApi.api.apiId });
    new CfnOutput(this, 'AppendQueueUrl', {
      value: this.sequencer.appendQueue.queueUrl,
      description: "The sequencer's append queue: the CLI hands it the URL issuances it logs",
    });
    new CfnOutput(this, 'AlertsTopicArn', { value: this.alerts.topic.topicArn });
    new CfnOutput(this, 'CollectorRoleArns', {
      value: [...workers.values()].map((w) => w.function.role.roleArn).join(','),
      description: 'Principals the member-account role trusts',
    });
  }
}
