import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, Duration, Stack, type ILocalBundling } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LAMBDA_HANDLER } from '../bundling/esbuild.js';
import { acknowledge } from '../nag/acknowledge.js';

/** The repository root (entries and the lock file are resolved from it, whatever the working directory). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The bundler FluxFunction runs for each function (infra/bundling/cli.ts). */
const BUNDLER = fileURLToPath(new URL('../bundling/cli.ts', import.meta.url));

/**
 * Bundles one entry with infra/bundling/esbuild.ts (the settings bench/bundles.ts measures) as CDK local
 * bundling, in a child process: CDK's hook is synchronous and esbuild plugins need the async API. It needs only
 * the repository's own dependencies, never Docker: a failure throws. `entry` is a property so that it is part of
 * CDK's asset cache key (the serialisable bundling options), which keeps each function's bundle its own.
 */
class EsbuildBundling implements ILocalBundling {
  constructor(readonly entry: string) {}

  tryBundle(outputDir: string): boolean {
    execFileSync(process.execPath, ['--import', 'tsx', BUNDLER, `${REPO_ROOT}${this.entry}`, outputDir], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    return true;
  }
}

/**
 * A function's code: its bundle, hashed by content. When the stack's bundling is skipped (tests that read
 * templates only), a fixed hash spares CDK from fingerprinting the whole repository.
 */
function functionCode(scope: Construct, entry: string): lambda.Code {
  const skipped = !Stack.of(scope).bundlingRequired;
  return lambda.Code.fromAsset(REPO_ROOT, {
    ...(skipped
      ? { assetHashType: AssetHashType.CUSTOM, assetHash: `unbundled-${entry.replace(/\W+/g, '-')}` }
      : { assetHashType: AssetHashType.OUTPUT }),
    bundling: {
      local: new EsbuildBundling(entry),
      // Required by the type, never used: local bundling either succeeds or throws.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22'),
    },
  });
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
  /**
   * An existing execution role instead of a new one (the snapshot-signer role of the stateful stack, imported
   * mutable so its policies are added here); it must trust lambda.amazonaws.com.
   */
  readonly role?: iam.IRole;
  /**
   * Encrypts the dead-letter queue and the log group; its key policy must let CloudWatch Logs use it (the
   * ops key's does: Alerts).
   */
  readonly encryptionKey: kms.IKey;
  /** Where alarms notify (the alerts topic). */
  readonly alarmAction?: cwActions.SnsAction;
  readonly logRetention?: logs.RetentionDays;
  readonly reservedConcurrentExecutions?: number;
}

/**
 * A Lambda function with the platform defaults set once (docs/CONTRIBUTING.md, house style 13): nodejs24.x on ARM64, an ESM esbuild
 * bundle with source maps ({@link functionCode}), X-Ray tracing, its own KMS-encrypted log group with a
 * retention, its own role (no managed policies: it may write its own log group and nothing else until granted),
 * an encrypted TLS-only dead-letter queue for failed asynchronous invocations, and alarms on errors and on dead
 * letters.
 */
export class FluxFunction extends Construct {
  readonly fn: lambda.Function;
  readonly role: iam.IRole;
  readonly deadLetterQueue: sqs.Queue;
  readonly errorsAlarm: cloudwatch.Alarm;
  readonly deadLettersAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: FluxFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      encryptionKey: props.encryptionKey,
    });
    this.role =
      props.role ??
      new iam.Role(this, 'Role', {
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
    this.fn = new lambda.Function(this, 'Function', {
      code: functionCode(this, props.entry),
      handler: LAMBDA_HANDLER,
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
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
    const stack = Stack.of(this);
    acknowledge(
      stack,
      'EventBridge Scheduler roles created by CDK may invoke the function and its versions (ARN:*), that function only.',
      `AwsSolutions-IAM5[Resource::<${stack.resolve(stack.getLogicalId(this.fn.node.defaultChild as lambda.CfnFunction))}.Arn>:*]`,
    );
  }

  /** Adds statements to the function's own role. */
  addToRolePolicy(...statements: iam.PolicyStatement[]): void {
    for (const s of statements) this.role.addToPrincipalPolicy(s);
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
