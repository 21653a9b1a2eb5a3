/**
 * What AWS collectors may find in `ctx.extras`. Their SDK clients come from the run's connection (`ctx.aws`), so the
 * Lambda entry passes none of these; the CLI and tests set them. Each collector checks the value it reads.
 */
export interface AwsExtras {
  /** aws-ec2-security-groups: the ports whose exposure it lists, replacing the default list. */
  readonly adminPorts?: readonly number[];
  /** aws-iam-credential-report: replaces the timer between report generation polls (tests, CLI). */
  readonly sleep?: (ms: number) => Promise<void>;
}
