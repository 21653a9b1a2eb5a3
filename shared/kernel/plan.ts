import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { Scope } from '../evidence/envelope.js';
import type { FluxConfig } from '../config/schema.js';
import type { AwsConnection } from '../sources/aws/clients.js';
import type { Collector } from './types.js';

/** One unit of collection work: a collector (or only its meta), a scope, and how to reach that scope. */
export interface CollectionUnit<C extends Pick<Collector, 'meta'> = Collector> {
  readonly collector: C;
  readonly scope: Scope;
  readonly connection: AwsConnection;
}

export interface AccountTarget {
  readonly account: string;
  readonly connection: AwsConnection;
}

const clientConfig = (c: AwsConnection, region: string) => ({
  region,
  ...(c.endpoint ? { endpoint: c.endpoint } : {}),
  ...(c.credentials ? { credentials: c.credentials } : {}),
});

/**
 * Resolves the accounts to collect from: the caller's own account, an explicit list, or every ACTIVE
 * account of the AWS Organization. Other accounts are reached by assuming the read-only member role.
 */
export async function resolveAccounts(
  aws: FluxConfig['aws'],
  base: AwsConnection,
  homeRegion: string,
): Promise<AccountTarget[]> {
  const who = await new STSClient(clientConfig(base, homeRegion)).send(new GetCallerIdentityCommand({}));
  const self = who.Account!;
  let ids: string[];
  if (aws.accounts.mode === 'current') ids = [self];
  else if (aws.accounts.mode === 'list') ids = aws.accounts.ids;
  else {
    ids = [];
    const exclude = new Set(aws.accounts.exclude);
    const org = new OrganizationsClient(clientConfig(base, homeRegion));
    for await (const page of paginateListAccounts({ client: org }, {})) {
      for (const a of page.Accounts ?? []) {
        const active = (a as { State?: string }).State
          ? (a as { State?: string }).State === 'ACTIVE'
          : a.Status === 'ACTIVE';
        if (a.Id && active && !exclude.has(a.Id)) ids.push(a.Id);
      }
    }
  }
  return [...new Set(ids)].sort().map((account) => ({
    account,
    connection:
      account === self
        ? base
        : {
            ...base,
            credentials: fromTemporaryCredentials({
              params: {
                RoleArn: `arn:aws:iam::${account}:role/${aws.memberRoleName}`,
                RoleSessionName: 'flux-evidence-collector',
                DurationSeconds: 3600,
                ...(aws.externalId ? { ExternalId: aws.externalId } : {}),
              },
              ...(base.credentials ? { masterCredentials: base.credentials } : {}),
              clientConfig: clientConfig(base, homeRegion),
            }),
          },
  }));
}

/**
 * The IAM actions the planner uses in a member account, through the member role: with `regions: all-enabled`,
 * {@link resolveRegions} asks each account which regions it has enabled. (Listing accounts happens in the
 * platform account.) infra/member-role.ts grants these besides the collectors' meta.permissions.
 */
export const MEMBER_PLANNER_ACTIONS = ['ec2:DescribeRegions'] as const;

/** The regions to collect in for one account: configured, or every region enabled in that account. */
async function resolveRegions(
  aws: FluxConfig['aws'],
  target: AccountTarget,
  homeRegion: string,
): Promise<string[]> {
  if (aws.regions !== 'all-enabled') return aws.regions;
  const res = await new EC2Client(clientConfig(target.connection, homeRegion)).send(
    new DescribeRegionsCommand({ AllRegions: false }),
  );
  return (res.Regions ?? [])
    .map((r) => r.RegionName!)
    .filter(Boolean)
    .sort();
}

/**
 * Expands collectors × accounts × regions into units: global collectors once per account, a collector `configuredBy`
 * an organisation-wide store once. Only `meta` is read,
 * so the fan-out function can plan from collector metadata alone.
 */
export async function planUnits<C extends Pick<Collector, 'meta'> = Collector>(
  collectors: readonly C[],
  aws: FluxConfig['aws'],
  base: AwsConnection,
  homeRegion: string,
): Promise<CollectionUnit<C>[]> {
  const awsCollectors = collectors.filter((c) => c.meta.source === 'aws');
  const units: CollectionUnit<C>[] = [];
  const targets = await resolveAccounts(aws, base, homeRegion);
  // A collector configured by one organisation-wide store (Identity Center) reads it once: from the platform's own
  // account when it is collected (the management or delegated-administrator account), else the first account.
  const storeAccount = (targets.find((t) => t.connection === base) ?? targets[0])?.account;
  for (const target of targets) {
    const needsRegions = awsCollectors.some((c) => c.meta.scope === 'regional');
    const regions = needsRegions ? await resolveRegions(aws, target, homeRegion) : [];
    for (const collector of awsCollectors) {
      if (collector.meta.configuredBy && target.account !== storeAccount) continue;
      const scopes: Scope[] =
        collector.meta.scope === 'regional'
          ? regions.map((region) => ({ account: target.account, region }))
          : [{ account: target.account, region: 'global' }];
      for (const scope of scopes) units.push({ collector, scope, connection: target.connection });
    }
  }
  return units;
}
