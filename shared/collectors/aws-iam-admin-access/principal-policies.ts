import {
  GetPolicyVersionCommand,
  IAMClient,
  paginateListPolicies,
  type AttachedPolicy,
  type ManagedPolicyDetail,
  type PolicyDetail,
} from '@aws-sdk/client-iam';
import pLimit from 'p-limit';
import { InvalidSourceDataError } from '../../errors.js';
import type { CollectorContext } from '../../kernel/types.js';
import { DETAILS_OP } from './authorization-details.js';
import { ADMINISTRATOR_ACCESS_ARN, allowsFullAdmin, decodePolicyDocument } from './policy-document.js';

export type PrincipalType = 'user' | 'group' | 'role';

/** A policy on a principal and whether it grants `Allow * on *` (null: its document could not be read). */
export interface PolicyFact {
  readonly name: string;
  readonly arn: string | null;
  readonly kind: 'attached' | 'inline';
  readonly allowsAdmin: boolean | null;
}

/** Parallel GetPolicyVersion calls; the SDK's adaptive retry mode slows down further if IAM throttles. */
const CONCURRENCY = 8;
const AWS_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\//;
/** The resource a failed ListPolicies (Scope AWS) is recorded against. */
const AWS_POLICIES = 'arn:aws:iam::aws:policy';

/** Judges one policy document; a missing or undecodable one is recorded against `what` and gives undefined. */
function judge(ctx: CollectorContext, what: string, op: string, doc: string | undefined) {
  return ctx.tryResource(what, op, async () => {
    if (!doc) throw new InvalidSourceDataError(what, [`${op} returned no policy document`]);
    return allowsFullAdmin(decodePolicyDocument(doc, what), what);
  });
}

/**
 * Judges every managed policy attached anywhere, once per ARN per run. Customer managed policies are judged
 * from the default version the account listing already holds; AWS managed ones are fetched (default version
 * ids from one ListPolicies OnlyAttached listing, then GetPolicyVersion each). Failures are recorded against
 * the policy ARN and give null, except AdministratorAccess, which is known by its ARN.
 */
export async function judgeManagedPolicies(
  ctx: CollectorContext,
  attachedArns: Iterable<string>,
  localPolicies: readonly ManagedPolicyDetail[],
): Promise<Map<string, boolean | null>> {
  const local = new Map(localPolicies.map((p) => [p.Arn ?? '', p]));
  const arns = [...new Set(attachedArns)];
  const awsArns = arns.filter((a) => !local.has(a) && AWS_POLICY.test(a));
  const versions = awsArns.length > 0 ? await awsDefaultVersions(ctx) : new Map<string, string>();
  const iam = ctx.aws(IAMClient);
  const limit = pLimit(CONCURRENCY);

  const one = async (arn: string): Promise<boolean | undefined> => {
    const policy = local.get(arn);
    if (policy) {
      const v = policy.PolicyVersionList?.find((x) => x.VersionId === policy.DefaultVersionId);
      return judge(ctx, arn, DETAILS_OP, v?.Document);
    }
    if (!AWS_POLICY.test(arn)) {
      // Attached between the pages of the listing, or a listing that left it out: say so, don't guess.
      return ctx.tryResource(arn, DETAILS_OP, () =>
        Promise.reject(
          new InvalidSourceDataError(arn, ['attached customer policy missing from the listing']),
        ),
      );
    }
    if (versions === undefined) return undefined; // ListPolicies failed: already recorded.
    const version = versions.get(arn);
    if (!version) {
      return ctx.tryResource(arn, 'ListPolicies', () =>
        Promise.reject(
          new InvalidSourceDataError(arn, ['attached AWS policy has no default version listed']),
        ),
      );
    }
    return ctx.tryResource(arn, 'GetPolicyVersion', async () => {
      const { PolicyVersion: v } = await iam.send(
        new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: version }),
      );
      if (!v?.Document) throw new InvalidSourceDataError(arn, ['GetPolicyVersion returned no Document']);
      return allowsFullAdmin(decodePolicyDocument(v.Document, arn), arn);
    });
  };

  const results = await Promise.all(arns.map((a) => limit(() => one(a))));
  return new Map(arns.map((a, i) => [a, results[i] ?? (a === ADMINISTRATOR_ACCESS_ARN ? true : null)]));
}

/** Default version ids of the AWS managed policies attached in this account; undefined when unreadable. */
async function awsDefaultVersions(ctx: CollectorContext): Promise<Map<string, string> | undefined> {
  return ctx.tryResource(AWS_POLICIES, 'ListPolicies', async () => {
    const versions = new Map<string, string>();
    const pages = paginateListPolicies(
      { client: ctx.aws(IAMClient), pageSize: 1000 },
      { Scope: 'AWS', OnlyAttached: true },
    );
    for await (const page of pages) {
      for (const p of page.Policies ?? [])
        if (p.Arn && p.DefaultVersionId) versions.set(p.Arn, p.DefaultVersionId);
    }
    return versions;
  });
}

/** A principal's attached and inline policies, judged; an inline document that cannot be read is recorded. */
export async function principalPolicies(
  ctx: CollectorContext,
  arn: string,
  attached: readonly AttachedPolicy[] | undefined,
  inline: readonly PolicyDetail[] | undefined,
  managed: ReadonlyMap<string, boolean | null>,
): Promise<PolicyFact[]> {
  const facts: PolicyFact[] = [];
  for (const p of attached ?? []) {
    if (!p.PolicyArn) continue;
    const allowsAdmin = managed.get(p.PolicyArn) ?? null;
    facts.push({ name: p.PolicyName ?? p.PolicyArn, arn: p.PolicyArn, kind: 'attached', allowsAdmin });
  }
  for (const p of inline ?? []) {
    if (!p.PolicyName) continue;
    const allows = await judge(ctx, `${arn}#${p.PolicyName}`, DETAILS_OP, p.PolicyDocument);
    facts.push({ name: p.PolicyName, arn: null, kind: 'inline', allowsAdmin: allows ?? null });
  }
  return facts;
}
