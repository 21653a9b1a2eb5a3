import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** The one role that may schedule deletion of, disable or re-policy the signing and data keys. */
export const BREAK_GLASS_ROLE_NAME = 'FluxEvidence-KeyBreakGlass';
/** The key actions that would undermine every signature or every encrypted artifact. */
export const GUARDED_KEY_ACTIONS = ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy'] as const;

/** ARN of the break-glass role (a fixed name: key policies name it without a reference). */
function breakGlassRoleArn(scope: Construct): string {
  const s = Stack.of(scope);
  return `arn:${s.partition}:iam::${s.account}:role/${BREAK_GLASS_ROLE_NAME}`;
}

/**
 * The key-policy statement that denies {@link GUARDED_KEY_ACTIONS} to every principal but the break-glass role,
 * so no administrator, deployment role or identity policy can do them quietly (CloudTrail plus the KeyTamper
 * alert rule announce every attempt, the break-glass role's included).
 */
export function denyGuardedKeyActions(scope: Construct): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'OnlyBreakGlassDeletesDisablesOrRepolicies',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: [...GUARDED_KEY_ACTIONS],
    resources: ['*'],
    conditions: { ArnNotEquals: { 'aws:PrincipalArn': breakGlassRoleArn(scope) } },
  });
}

export interface BreakGlassProps {
  readonly keys: readonly kms.IKey[];
}

/**
 * The break-glass role: assumable by the account's principals only with MFA, allowed the guarded actions (and
 * their undo) on the signing and data keys and nothing else. Using it is loud by design: the KeyTamper rule
 * alerts on every guarded call.
 */
export class BreakGlass extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: BreakGlassProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      roleName: BREAK_GLASS_ROLE_NAME,
      description: 'Flux Evidence: break-glass for the signing and data keys (delete, disable, key policy)',
      assumedBy: new iam.AccountRootPrincipal().withConditions({
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      }),
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'GuardedKeyActions',
        actions: [
          ...GUARDED_KEY_ACTIONS,
          'kms:CancelKeyDeletion',
          'kms:EnableKey',
          'kms:GetKeyPolicy',
          'kms:DescribeKey',
        ],
        resources: props.keys.map((k) => k.keyArn),
      }),
    );
  }
}

export interface KeyTamperAlertProps {
  readonly topic: sns.ITopic;
  /** The alerts topic's key: EventBridge must be able to publish to the encrypted topic. */
  readonly topicKey: kms.IKey;
}

/**
 * Alerts on every guarded key call (CloudTrail management events on the account's default bus): a scheduled
 * deletion, a disable or a key-policy change of any KMS key in the account and region, denied or not, reaches the
 * alerts topic. Needs CloudTrail management events, which the aws-cloudtrail-trails control checks.
 */
export class KeyTamperAlert extends Construct {
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: KeyTamperAlertProps) {
    super(scope, id);
    this.rule = new events.Rule(this, 'Rule', {
      description:
        'Flux Evidence: KMS ScheduleKeyDeletion, DisableKey or PutKeyPolicy (break-glass or attack)',
      eventPattern: {
        source: ['aws.kms'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: {
          eventSource: ['kms.amazonaws.com'],
          eventName: [...GUARDED_KEY_ACTIONS.map((a) => a.slice(4))],
        },
      },
      targets: [new eventTargets.SnsTopic(props.topic)],
    });
    props.topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgePublishesKeyTamperAlerts',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
  }
}
