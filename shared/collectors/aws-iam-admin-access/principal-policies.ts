import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  paginateListAttachedGroupPolicies,
  paginateListAttachedRolePolicies,
  paginateListAttachedUserPolicies,
  paginateListGroupPolicies,
  paginateListRolePolicies,
  paginateListUserPolicies,
  type AttachedPolicy,
} from '@aws-sdk/client-iam';
import { InvalidSourceDataError } from '../../errors.js';
import type { CollectorContext } from '../types.js';
import { ADMINISTRATOR_ACCESS_ARN, allowsFullAdmin, decodePolicyDocument } from './policy-document.js';

export type PrincipalType = 'user' | 'group' | 'role';

/** A policy on a principal and whether it grants `Allow * on *` (null: its document could not be read). */
export interface PolicyFact {
  readonly name: string;
  readonly arn: string | null;
  readonly kind: 'attached' | 'inline';
  readonly allowsAdmin: boolean | null;
}

// The same three calls exist per principal type; only the command and the name parameter differ.
const OPS = {
  user: {
    attached: (c: IAMClient, n: string) => paginateListAttachedUserPolicies({ client: c }, { UserName: n }),
    inline: (c: IAMClient, n: string) => paginateListUserPolicies({ client: c }, { UserName: n }),
    get: (c: IAMClient, n: string, p: string) =>
      c.send(new GetUserPolicyCommand({ UserName: n, PolicyName: p })),
    getOp: 'GetUserPolicy',
  },
  group: {
    attached: (c: IAMClient, n: string) => paginateListAttachedGroupPolicies({ client: c }, { GroupName: n }),
    inline: (c: IAMClient, n: string) => paginateListGroupPolicies({ client: c }, { GroupName: n }),
    get: (c: IAMClient, n: string, p: string) =>
      c.send(new GetGroupPolicyCommand({ GroupName: n, PolicyName: p })),
    getOp: 'GetGroupPolicy',
  },
  role: {
    attached: (c: IAMClient, n: string) => paginateListAttachedRolePolicies({ client: c }, { RoleName: n }),
    inline: (c: IAMClient, n: string) => paginateListRolePolicies({ client: c }, { RoleName: n }),
    get: (c: IAMClient, n: string, p: string) =>
      c.send(new GetRolePolicyCommand({ RoleName: n, PolicyName: p })),
    getOp: 'GetRolePolicy',
  },
} as const;
const cap = (t: PrincipalType) => `${t[0]!.toUpperCase()}${t.slice(1)}`;

/**
 * Judges managed policies by their default version's document, once per policy ARN per run (the same policy
 * is usually attached to many principals). A failure is recorded against the policy ARN and gives null.
 */
export class ManagedPolicyCache {
  private readonly cache = new Map<string, Promise<boolean | null>>();
  constructor(private readonly ctx: CollectorContext) {}

  allowsAdmin(policyArn: string): Promise<boolean | null> {
    let hit = this.cache.get(policyArn);
    if (!hit) {
      hit = this.load(policyArn);
      this.cache.set(policyArn, hit);
    }
    return hit;
  }

  private async load(arn: string): Promise<boolean | null> {
    const iam = this.ctx.aws(IAMClient);
    const version = await this.ctx.tryResource(arn, 'GetPolicy', async () => {
      const { Policy: p } = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
      if (!p?.DefaultVersionId)
        throw new InvalidSourceDataError(arn, ['GetPolicy returned no DefaultVersionId']);
      return p.DefaultVersionId;
    });
    const allows = version
      ? await this.ctx.tryResource(arn, 'GetPolicyVersion', async () => {
          const { PolicyVersion: v } = await iam.send(
            new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: version }),
          );
          if (!v?.Document) throw new InvalidSourceDataError(arn, ['GetPolicyVersion returned no Document']);
          return allowsFullAdmin(decodePolicyDocument(v.Document, arn), arn);
        })
      : undefined;
    // AdministratorAccess is known by its ARN even when its document cannot be read.
    return allows ?? (arn === ADMINISTRATOR_ACCESS_ARN ? true : null);
  }
}

/** Lists a principal's attached and inline policies and judges each; failures are recorded per resource. */
export async function principalPolicies(
  ctx: CollectorContext,
  managed: ManagedPolicyCache,
  type: PrincipalType,
  name: string,
  arn: string,
): Promise<PolicyFact[]> {
  const iam = ctx.aws(IAMClient);
  const ops = OPS[type];
  const attached =
    (await ctx.tryResource(arn, `ListAttached${cap(type)}Policies`, async () => {
      const all: AttachedPolicy[] = [];
      for await (const page of ops.attached(iam, name)) all.push(...(page.AttachedPolicies ?? []));
      return all;
    })) ?? [];
  const inlineNames =
    (await ctx.tryResource(arn, `List${cap(type)}Policies`, async () => {
      const all: string[] = [];
      for await (const page of ops.inline(iam, name)) all.push(...(page.PolicyNames ?? []));
      return all;
    })) ?? [];

  const facts: PolicyFact[] = [];
  for (const p of attached) {
    if (!p.PolicyArn) continue;
    const allowsAdmin = await managed.allowsAdmin(p.PolicyArn);
    facts.push({ name: p.PolicyName ?? p.PolicyArn, arn: p.PolicyArn, kind: 'attached', allowsAdmin });
  }
  for (const policy of inlineNames) {
    const what = `${arn}#${policy}`;
    const allows = await ctx.tryResource(what, ops.getOp, async () => {
      const { PolicyDocument: doc } = await ops.get(iam, name, policy);
      if (!doc) throw new InvalidSourceDataError(what, [`${ops.getOp} returned no PolicyDocument`]);
      return allowsFullAdmin(decodePolicyDocument(doc, what), what);
    });
    facts.push({ name: policy, arn: null, kind: 'inline', allowsAdmin: allows ?? null });
  }
  return facts;
}
