import { Stack, type CfnResource } from 'aws-cdk-lib';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import {
  NagMessageLevel,
  NagPack,
  NagRuleCompliance,
  NagRules,
  type NagPackProps,
  type NagRuleResult,
} from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** Metadata key marking a bucket as an evidence bucket (set by the EvidenceStore construct). */
export const EVIDENCE_BUCKET_MARK = 'flux:evidence-bucket';

/**
 * An evidence bucket has Object Lock enabled with a default retention in COMPLIANCE or GOVERNANCE mode and a
 * positive number of days or years, and versioning on. Other buckets are not applicable.
 */
function evidenceBucketObjectLock(node: CfnResource): NagRuleResult {
  if (!(node instanceof CfnBucket) || !node.node.metadata.some((m) => m.type === EVIDENCE_BUCKET_MARK)) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const stack = Stack.of(node);
  const enabled = NagRules.resolveIfPrimitive(node, node.objectLockEnabled);
  const lock = stack.resolve(node.objectLockConfiguration) as
    | {
        objectLockEnabled?: string;
        rule?: { defaultRetention?: { mode?: string; days?: number; years?: number } };
      }
    | undefined;
  const retention = lock?.rule?.defaultRetention;
  const versioning = stack.resolve(node.versioningConfiguration) as { status?: string } | undefined;
  const ok =
    enabled === true &&
    lock?.objectLockEnabled === 'Enabled' &&
    (retention?.mode === 'COMPLIANCE' || retention?.mode === 'GOVERNANCE') &&
    ((retention.days ?? 0) > 0 || (retention.years ?? 0) > 0) &&
    versioning?.status === 'Enabled';
  return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/** Flux's own checks, run beside AwsSolutions: `Flux-EvidenceBucketObjectLock`. */
export class FluxChecks extends NagPack {
  readonly name = 'Flux';

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = 'Flux';
  }

  protected checkResource(node: CfnResource): void {
    this.applyRule({
      ruleSuffixOverride: 'EvidenceBucketObjectLock',
      info: 'The evidence bucket must have Object Lock with a default retention and versioning.',
      explanation:
        'Evidence is only worth its hash if it cannot be deleted or overwritten before the retention period ends (docs/ARCHITECTURE.md, "Evidence store").',
      level: NagMessageLevel.ERROR,
      rule: evidenceBucketObjectLock,
      node,
    });
  }
}
