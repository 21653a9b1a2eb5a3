import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { denyGuardedKeyActions } from './key-guard.js';

/** Fixed names of the only roles that may sign (the key policy names them without a cross-stack reference). */
export const SIGNER_ROLE_NAMES = {
  sequencer: 'FluxEvidence-Sequencer',
  snapshotSigner: 'FluxEvidence-SnapshotSigner',
} as const;

/** The key's administrative actions: everything an operator needs except using the key. */
const ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];

/**
 * The asymmetric checkpoint and manifest signing key (ECDSA P-256). Its policy lets the account administer it
 * and verify with it, lets only the sequencer and snapshot-signer roles sign, and denies kms:Sign to every other
 * principal explicitly, so no identity policy in the account can grant it; deletion, disabling and policy changes are
 * denied to all but the break-glass role (docs/ARCHITECTURE.md, "Trust model: what an insider can and cannot do undetected").
 */
export class SigningKey extends Construct {
  readonly key: kms.Key;
  readonly signerRoleArns: string[];
  /**
   * The snapshot-signer role (the snapshot API's execution role), created here so the key policy names the role
   * this stack made, by its ARN (a reference, not a name someone could later claim). Its permissions are attached
   * by the stateless stack.
   */
  readonly snapshotSigner: iam.Role;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    const account = new iam.AccountRootPrincipal();
    this.snapshotSigner = new iam.Role(this, 'SnapshotSigner', {
      roleName: SIGNER_ROLE_NAMES.snapshotSigner,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Flux Evidence: snapshot API (signs snapshot manifests, issues presigned URLs)',
    });
    this.signerRoleArns = [
      `arn:${stack.partition}:iam::${stack.account}:role/${SIGNER_ROLE_NAMES.sequencer}`,
      this.snapshotSigner.roleArn,
    ];
    const policy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'AccountAdministers',
          principals: [account],
          actions: ADMIN_ACTIONS,
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'AccountVerifies',
          principals: [account],
          actions: ['kms:Verify', 'kms:GetPublicKey', 'kms:DescribeKey'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'OnlySignersSign',
          principals: [account],
          actions: ['kms:Sign'],
          resources: ['*'],
          conditions: { ArnEquals: { 'aws:PrincipalArn': this.signerRoleArns } },
        }),
        new iam.PolicyStatement({
          sid: 'NobodyElseSigns',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ['kms:Sign'],
          resources: ['*'],
          conditions: { ArnNotEquals: { 'aws:PrincipalArn': this.signerRoleArns } },
        }),
        denyGuardedKeyActions(this),
      ],
    });
    this.key = new kms.Key(this, 'Key', {
      description: 'Flux Evidence: signs ledger checkpoints and snapshot manifests (ECDSA P-256)',
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      policy,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The policy denies kms:PutKeyPolicy to the deploying role too; KMS's lockout check would refuse it otherwise.
    (this.key.node.defaultChild as kms.CfnKey).bypassPolicyLockoutSafetyCheck = true;
  }
}
