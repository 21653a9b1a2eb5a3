import { CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The template metadata key checkov reads resource-level suppressions from (`Metadata.checkov.skip`). */
export const CHECKOV_METADATA_KEY = 'checkov';

/** One resource-level checkov suppression, as checkov reads it from the template. */
export interface CheckovSkip {
  readonly id: string;
  readonly comment: string;
}

/**
 * Suppresses checkov checks on one resource (a CfnResource, or the construct whose default child it is), each
 * with the reason it does not apply there. For checks that hold everywhere but on this resource; checks that
 * never apply to this platform are skipped, with their reasons, in infra/checkov.yaml. Tests assert every
 * suppression has a reason.
 */
export function checkovSkip(scope: IConstruct, reason: string, ...ids: string[]): void {
  const resource = scope instanceof CfnResource ? scope : scope.node.defaultChild;
  if (!(resource instanceof CfnResource))
    throw new TypeError(`${scope.node.path} has no CloudFormation resource`);
  const current =
    (resource.getMetadata(CHECKOV_METADATA_KEY) as { skip?: CheckovSkip[] } | undefined)?.skip ?? [];
  resource.addMetadata(CHECKOV_METADATA_KEY, {
    skip: [...current, ...ids.map((id) => ({ id, comment: reason }))],
  });
}
