import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';
import { acknowledge } from '../nag/acknowledge.js';
import type { FluxConfig } from '../../shared/config/schema.js';
import { FluxFunction } from './flux-function.js';
import { evidencePrefixFinding, type DataPlane } from './grants.js';
import { evidenceObjectsArn } from './evidence-store.js';

/** What the fan-out calls in the platform account: list the organization's accounts and the enabled regions. */
const FANOUT_ACTIONS = ['organizations:ListAccounts', 'ec2:DescribeRegions'] as const;

export interface FanoutProps {
  readonly config: FluxConfig;
  /** The evidence bucket: each run's plan is stored under coverage-plan/ (create-only). */
  readonly data: DataPlane;
  readonly opsKey: kms.IKey;
  readonly alarmAction: cwActions.SnsAction;
}

/**
 * The fan-out function: a schedule names one collector and its queue; the function expands it into units
 * (collector × account × region, or the org/tenant) and enqueues them. It may list the organization's accounts,
 * the enabled regions, and assume the member role (for DescribeRegions in member accounts); the collector
 * queues grant it SendMessage. It stores each run's plan create-only under coverage-plan/ (PutObject on that prefix
 * only, with the bucket key to encrypt it), for the coverage attestation the evidence-gap check closes.
 */
export class Fanout extends Construct {
  readonly function: FluxFunction;

  constructor(scope: Construct, id: string, props: FanoutProps) {
    super(scope, id);
    const { config } = props;
    this.function = new FluxFunction(this, 'Fanout', {
      entry: 'functions/fanout/handler.ts',
      description: 'fan-out of collection units',
      timeout: Duration.minutes(5),
      encryptionKey: props.opsKey,
      alarmAction: props.alarmAction,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'flux-fanout',
        EVIDENCE_BUCKET: props.data.bucket.bucketName,
        FLUX_CONFIG: JSON.stringify({
          aws: config.aws,
          ...(config.github ? { github: { org: config.github.org, auth: config.github.auth } } : {}),
          identityProviders: config.identityProviders,
        }),
      },
    });
    const f = this.function;
    f.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ListAccountsAndRegions',
        actions: [...FANOUT_ACTIONS],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'AssumeMemberRole',
        actions: ['sts:AssumeRole'],
        resources: [`arn:${f.env.partition}:iam::*:role/${config.aws.memberRoleName}`],
      }),
      new iam.PolicyStatement({
        sid: 'StoreRunPlan',
        actions: ['s3:PutObject'],
        resources: [evidenceObjectsArn(f, 'coverage-plan')],
      }),
      new iam.PolicyStatement({
        sid: 'EncryptRunPlan',
        actions: ['kms:GenerateDataKey'],
        resources: [props.data.dataKey.keyArn],
      }),
    );
    acknowledge(
      f.role,
      'organizations:ListAccounts and ec2:DescribeRegions have no resource-level permissions; the member role is named, in any collected account.',
      'AwsSolutions-IAM5[Resource::*]',
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${config.aws.memberRoleName}]`,
    );
    acknowledge(
      f.role,
      'Run plans are created under coverage-plan/ only; their keys carry the day and run id, unknown in advance.',
      evidencePrefixFinding(f, 'coverage-plan'),
    );
  }
}
