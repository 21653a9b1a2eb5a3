import { fileURLToPath } from 'node:url';
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag/acknowledge.js';

/** The repository root (entries and the lock file are resolved from it, whatever the working directory). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * esbuild settings of every Flux function (bench/bundles.ts builds with the same). ESM with a `require`
 * shim (some CommonJS dependencies call require for Node built-ins), minified, with source maps. The AWS SDK
 * is bundled, not taken from the runtime, so Lambda runs exactly the versions the lock file pins and tests
 * (one exception: {@link RUNTIME_EC2_CLIENT}).
 */
export const FLUX_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node22',
  platform: 'node',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  externalModules: [],
  banner:
    "import { createRequire as __fluxRequire } from 'node:module'; const require = __fluxRequire(import.meta.url);",
} as const satisfies BundlingOptions & { platform: string };

/**
 * The one SDK client taken from the Lambda runtime instead of the bundle: @aws-sdk/client-ec2's schema module
 * (~550 KB minified) cannot be tree-shaken by esbuild (its computed keys count as side effects), so bundling it
 * puts every function that calls EC2 over the 1 MB budget. Functions that need EC2 use the nodejs22.x runtime's
 * copy (docs/DEPLOY.md, "Runtime SDK"); everything else stays pinned by the lock file.
 */
export const RUNTIME_EC2_CLIENT = '@aws-sdk/client-ec2';

/** The modules a function with these IAM actions takes from the runtime (see {@link RUNTIME_EC2_CLIENT}). */
export function runtimeModulesFor(actions: readonly string[]): string[] {
  return actions.some((a) => a.startsWith('ec2:')) ? [RUNTIME_EC2_CLIENT] : [];
}

/** {@link FLUX_BUNDLING} in the shape NodejsFunction takes. */
export function nodejsBundling(runtimeModules: readonly string[] = []): BundlingOptions {
  const { platform: _platform, mainFields, ...rest } = FLUX_BUNDLING;
  return { ...rest, mainFields: [...mainFields], externalModules: [...runtimeModules] };
}

export interface FluxFunctionProps {
  /** Handler file, relative to the repository root, e.g. `functions/mapper/handler.ts`. */
  readonly entry: string;
  readonly description: string;
  readonly environment?: Readonly<Record<string, string>>;
  readonly timeout?: Duration;
  readonly memorySize?: number;
  /** A fixed role name, for key policies that must name the role without a cross-stack reference. */
  readonly roleName?: string;
  /** Encrypts the dead-letter queue. */
  readonly encryptionKey: kms.IKey;
  /** Where alarms notify (the alerts topic). */
  readonly alarmAction?: cwActions.SnsAction;
  readonly logRetention?: logs.RetentionDays;
  readonly reservedConcurrentExecutions?: number;
  /** Modules left out of the bundle and loaded from the runtime ({@link runtimeModulesFor}); none by default. */
  readonly runtimeModules?: readonly string[];
}

/**
 * A Lambda function with the platform defaults set once (STYLE.md 13): nodejs22.x on ARM64, an ESM esbuild
 * bundle with source maps, X-Ray tracing, its own log group with a retention, its own role (no managed
 * policies: it may write its own log group and nothing else until granted), an encrypted TLS-only dead-letter
 * queue for failed asynchronous invocations, and alarms on errors and on dead letters.
 */
export class FluxFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly deadLetterQueue: sqs.Queue;
  readonly errorsAlarm: cloudwatch.Alarm;
  readonly deadLettersAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: FluxFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Flux Evidence: ${props.description}`.slice(0, 1000),
      ...(props.roleName ? { roleName: props.roleName } : {}),
    });
    logGroup.grantWrite(this.role);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.fn = new NodejsFunction(this, 'Function', {
      entry: `${REPO_ROOT}${props.entry}`,
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.minutes(1),
      tracing: lambda.Tracing.ACTIVE,
      ...(props.reservedConcurrentExecutions
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      role: this.role,
      logGroup,
      deadLetterQueue: this.deadLetterQueue,
      environment: {
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        ...nodejsBundling(props.runtimeModules),
        // When this stack's bundling is skipped (tests assert templates only), a fixed hash spares CDK from
        // fingerprinting the whole repository as the asset source.
        ...(Stack.of(this).bundlingRequired
          ? {}
          : { assetHash: `unbundled-${props.entry.replace(/\W+/g, '-')}` }),
      },
    });
    // Lambda sends failed async events with the function's role: SendMessage plus the queue key.
    this.deadLetterQueue.grantSendMessages(this.role);
    this.errorsAlarm = new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription: `${props.description}: the function reported errors`,
      metric: this.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.deadLettersAlarm = dlqAlarm(this, 'DeadLettersAlarm', this.deadLetterQueue, props.description);
    if (props.alarmAction) {
      this.errorsAlarm.addAlarmAction(props.alarmAction);
      this.deadLettersAlarm.addAlarmAction(props.alarmAction);
    }
    acknowledge(
      this.role,
      'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions (all other Resource::* uses are acknowledged with their own reason by the construct that grants them).',
      'AwsSolutions-IAM5[Resource::*]',
    );
    acknowledge(
      this.role,
      'CDK grants for KMS-encrypted queues name these action families; they are scoped to the one queue key.',
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
    );
    acknowledge(
      this.fn,
      'nodejs22.x is the platform runtime (ARCHITECTURE.md, Infrastructure); moving to nodejs24.x is a deliberate, tested upgrade.',
      'AwsSolutions-L1',
    );
    const stack = Stack.of(this);
    acknowledge(
      stack,
      'EventBridge Scheduler roles created by CDK may invoke the function and its versions (ARN:*), that function only.',
      `AwsSolutions-IAM5[Resource::<${stack.resolve(stack.getLogicalId(this.fn.node.defaultChild as lambda.CfnFunction))}.Arn>:*]`,
    );
  }

  /** Adds statements to the function's own role. */
  addToRolePolicy(...statements: iam.PolicyStatement[]): void {
    for (const s of statements) this.role.addToPolicy(s);
  }

  /** The stack's account and region, for ARNs built by hand. */
  get env(): { account: string; region: string; partition: string } {
    const s = Stack.of(this);
    return { account: s.account, region: s.region, partition: s.partition };
  }
}

/** An alarm that fires as soon as a dead-letter queue holds a message. */
export function dlqAlarm(scope: Construct, id: string, queue: sqs.IQueue, what: string): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, {
    alarmDescription: `${what}: messages in the dead-letter queue`,
    metric: queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: 'Maximum',
    }),
    threshold: 0,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}
