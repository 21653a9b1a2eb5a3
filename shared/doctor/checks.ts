import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { paginateListSchedules, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { ListSubscriptionsByTopicCommand, type SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { paginateListAccounts } from '@aws-sdk/client-organizations';
import { getCollectorMeta } from '../collectors/meta-registry.js';
import type { FluxConfig } from '../config/schema.js';
import type { Ledger } from '../ledger/types.js';
import type { EvidenceLoader } from '../mapping/evidence-loader.js';
import { SCHEDULE_NAMES, SCHEDULE_PREFIX, STACKS } from './names.js';

/** One finding: what was checked, what was found, and how to fix it when it is not ok. */
export interface Check {
  readonly check: string;
  readonly status: 'ok' | 'warn' | 'fail';
  readonly detail: string;
  readonly fix?: string;
}

/** The clients and stores the checks read through (buildDoctorDeps builds them for a deployment). */
export interface DoctorDeps {
  readonly config: FluxConfig;
  readonly configPath: string;
  readonly cfn: CloudFormationClient;
  readonly sts: STSClient;
  readonly orgs: OrganizationsClient;
  readonly scheduler: SchedulerClient;
  readonly sns: SNSClient;
  readonly ledger: Pick<Ledger, 'latestCheckpoint'>;
  readonly evidence: Pick<EvidenceLoader, 'latest'>;
  readonly now: () => Date;
}

const HOUR = 3_600_000;
/** The sequencer signs every 5 minutes: a checkpoint older than this means it stopped. */
const CHECKPOINT_MAX_AGE_MINUTES = 15;
const age = (ms: number) => (ms < 2 * HOUR ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / HOUR)} h`);
const ok = (check: string, detail: string): Check => ({ check, status: 'ok', detail });

/** Both stacks exist and their last operation completed; returns the stateless stack's outputs. */
export async function checkStacks(
  d: DoctorDeps,
): Promise<{ checks: Check[]; outputs: Record<string, string> }> {
  const checks: Check[] = [];
  let outputs: Record<string, string> = {};
  for (const name of [STACKS.stateful, STACKS.stateless]) {
    const check = `stack ${name}`;
    const stack = await d.cfn
      .send(new DescribeStacksCommand({ StackName: name }))
      .then((r) => r.Stacks?.[0])
      .catch(() => undefined);
    const fix = `npx cdk deploy --all -c config=${d.configPath}`;
    if (!stack) checks.push({ check, status: 'fail', detail: 'not found in this account and region', fix });
    else if (!/_COMPLETE$/.test(stack.StackStatus ?? '') || /ROLLBACK|DELETE/.test(stack.StackStatus ?? ''))
      checks.push({ check, status: 'fail', detail: `status ${stack.StackStatus}`, fix });
    else {
      checks.push(ok(check, `status ${stack.StackStatus}`));
      if (name === STACKS.stateless)
        outputs = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!]));
    }
  }
  return { checks, outputs };
}

/** The member role can be assumed, with the ExternalId, in every configured account but the platform's own. */
export async function checkMemberRoles(d: DoctorDeps): Promise<Check[]> {
  const { aws } = d.config;
  const self = (await d.sts.send(new GetCallerIdentityCommand({}))).Account!;
  let ids: string[] = [];
  if (aws.accounts.mode === 'list') ids = aws.accounts.ids;
  else if (aws.accounts.mode === 'organization') {
    const exclude = new Set(aws.accounts.exclude);
    for await (const page of paginateListAccounts({ client: d.orgs }, {}))
      for (const a of page.Accounts ?? [])
        if (a.Id && a.Status === 'ACTIVE' && !exclude.has(a.Id)) ids.push(a.Id);
  }
  const members = ids.filter((id) => id !== self);
  if (members.length === 0)
    return [ok('member roles', 'no member accounts configured (platform account only)')];
  const failed: string[] = [];
  for (const account of members) {
    try {
      await d.sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${account}:role/${aws.memberRoleName}`,
          RoleSessionName: 'flux-doctor',
          DurationSeconds: 900,
          ...(aws.externalId ? { ExternalId: aws.externalId } : {}),
        }),
      );
    } catch (e) {
      failed.push(`${account} (${(e as Error).name})`);
    }
  }
  if (failed.length === 0)
    return [ok('member roles', `${members.length} account(s): ${aws.memberRoleName} assumable`)];
  return [
    {
      check: 'member roles',
      status: 'fail',
      detail: `${failed.length} of ${members.length} not assumable: ${failed.join(', ')}`,
      fix: `deploy infra/member-account-role.yaml in those accounts (StackSet: docs/DEPLOY.md) with ExternalId = aws.externalId and RoleName = ${aws.memberRoleName}`,
    },
  ];
}

/** Every Flux schedule is enabled, the checkpoint schedule exists; returns the scheduled collectors. */
export async function checkSchedules(d: DoctorDeps): Promise<{ checks: Check[]; collectors: string[] }> {
  const found: { name: string; state: string }[] = [];
  for await (const page of paginateListSchedules({ client: d.scheduler }, { NamePrefix: SCHEDULE_PREFIX }))
    for (const s of page.Schedules ?? []) found.push({ name: s.Name!, state: s.State ?? 'UNKNOWN' });
  const fix = `re-run npx cdk deploy --all -c config=${d.configPath} (it sets every schedule ENABLED)`;
  const checks: Check[] = [];
  if (!found.some((s) => s.name === SCHEDULE_NAMES.checkpoint))
    checks.push({
      check: 'schedules',
      status: 'fail',
      detail: `${SCHEDULE_NAMES.checkpoint} is missing`,
      fix,
    });
  const disabled = found.filter((s) => s.state !== 'ENABLED').map((s) => s.name);
  if (disabled.length)
    checks.push({ check: 'schedules', status: 'fail', detail: `not enabled: ${disabled.join(', ')}`, fix });
  if (!checks.length) checks.push(ok('schedules', `${found.length} enabled`));
  const prefix = SCHEDULE_NAMES.collector('');
  const collectors = found
    .filter((s) => s.name.startsWith(prefix) && s.state === 'ENABLED')
    .map((s) => s.name.slice(prefix.length));
  return { checks, collectors };
}

/** The newest artifact of each scheduled collector, against its time to live. */
export async function checkLastRuns(d: DoctorDeps, collectors: readonly string[]): Promise<Check[]> {
  const out: Check[] = [];
  for (const id of [...collectors].sort()) {
    const check = `last run ${id}`;
    const latest = (await d.evidence.latest(id))
      .map((e) => e.collectedAt)
      .sort()
      .at(-1);
    const ttl = getCollectorMeta(id)?.ttlHours ?? 24;
    const fix = `see the collector's logs: aws logs tail /aws/lambda/<${id} function> (and its dead-letter queue)`;
    if (!latest) out.push({ check, status: 'warn', detail: 'no evidence yet', fix });
    else {
      const ms = d.now().getTime() - Date.parse(latest);
      out.push(
        ms > ttl * HOUR
          ? { check, status: 'warn', detail: `${age(ms)} ago, older than its ${ttl} h time to live`, fix }
          : ok(check, `${age(ms)} ago`),
      );
    }
  }
  return out;
}

/** The newest signed checkpoint is recent (the sequencer runs every 5 minutes). */
export async function checkCheckpoint(d: DoctorDeps): Promise<Check> {
  const cp = await d.ledger.latestCheckpoint();
  const fix = `check the sequencer: the ${SCHEDULE_NAMES.checkpoint} schedule, its function's errors and dead-letter queue`;
  if (!cp) return { check: 'checkpoint', status: 'fail', detail: 'no signed checkpoint', fix };
  const ms = d.now().getTime() - Date.parse(cp.checkpoint.timestamp);
  if (ms > CHECKPOINT_MAX_AGE_MINUTES * 60_000)
    return {
      check: 'checkpoint',
      status: 'fail',
      detail: `last signed ${age(ms)} ago (tree size ${cp.checkpoint.treeSize})`,
      fix,
    };
  return ok('checkpoint', `signed ${age(ms)} ago, tree size ${cp.checkpoint.treeSize}`);
}

/** The alerts topic has at least one confirmed subscriber. */
export async function checkAlertTopic(d: DoctorDeps, topicArn: string | undefined): Promise<Check> {
  const check = 'alert subscribers';
  if (!topicArn)
    return {
      check,
      status: 'fail',
      detail: 'no AlertsTopicArn output on the stateless stack',
      fix: 'deploy the stacks',
    };
  const subs =
    (await d.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))).Subscriptions ?? [];
  const confirmed = subs.filter((s) => s.SubscriptionArn && s.SubscriptionArn !== 'PendingConfirmation');
  if (confirmed.length)
    return ok(check, `${confirmed.length} confirmed (${confirmed.map((s) => s.Protocol).join(', ')})`);
  return {
    check,
    status: 'fail',
    detail: subs.length
      ? `${subs.length} pending confirmation, none confirmed`
      : 'nobody is subscribed: alerts reach no one',
    fix: `set alerts.email in the configuration and redeploy, or: aws sns subscribe --topic-arn ${topicArn} --protocol email --notification-endpoint you@example.com (then confirm the e-mail)`,
  };
}
