import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag findings on a construct and its children, each with the reason it is accepted
 * (cdk-nag v3: one id per finding, e.g. `AwsSolutions-IAM5[Resource::*]`). Tests assert every
 * acknowledgement in the app carries a non-trivial reason.
 */
export function acknowledge(scope: IConstruct, reason: string, ...ids: string[]): void {
  Validations.of(scope).acknowledge(...ids.map((id) => ({ id, reason })));
}
