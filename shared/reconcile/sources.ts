import type { ZodType } from 'zod';
import { schema as credentialReportSchema } from '../collectors/aws-iam-credential-report/schema.js';
import type { CredentialReportData } from '../collectors/aws-iam-credential-report/schema.js';
import { schema as identityCenterSchema } from '../collectors/aws-identity-center-users/schema.js';
import type { IdentityCenterUsersData } from '../collectors/aws-identity-center-users/schema.js';
import { schema as entraSchema, type EntraUsersData } from '../collectors/entra-users/schema.js';
import { schema as githubOrgSchema, type GitHubOrgData } from '../collectors/github-org/schema.js';
import { schema as googleSchema } from '../collectors/google-workspace-users/schema.js';
import type { GoogleWorkspaceUsersData } from '../collectors/google-workspace-users/schema.js';
import { schema as oktaSchema, type OktaUsersData } from '../collectors/okta-users/schema.js';

/** The latest artifact of one identity collector for one scope, as the caller loaded it from the evidence store. */
export interface IdentitySourceInput {
  /** Canonical scope key, e.g. `tenant=acme.okta.com` or `account=111111111111,region=global`. */
  readonly scope: string;
  /** The artifact's sha256 (its identity in the store and the ledger). */
  readonly sha256: string;
  /** When its facts were last seen to hold (observedAt, or a later re-observation). */
  readonly observedAt: string;
  readonly data: unknown;
  /** The artifact's provenance `complete` flag; false or errors make the reconciliation incomplete. */
  readonly complete?: boolean;
  readonly errors?: readonly unknown[];
}

/** Collector id → the latest artifact of each of its scopes. Collectors without evidence are simply absent. */
export type IdentitySources = Readonly<Record<string, readonly IdentitySourceInput[]>>;

/** The identity collectors the reconciliation reads, with the schema each input must satisfy. */
const IDENTITY_SCHEMAS = {
  'okta-users': oktaSchema as ZodType<OktaUsersData>,
  'entra-users': entraSchema as ZodType<EntraUsersData>,
  'google-workspace-users': googleSchema as ZodType<GoogleWorkspaceUsersData>,
  'aws-identity-center-users': identityCenterSchema as ZodType<IdentityCenterUsersData>,
  'aws-iam-credential-report': credentialReportSchema as ZodType<CredentialReportData>,
  'github-org': githubOrgSchema as ZodType<GitHubOrgData>,
} as const;

export type IdentityCollectorId = keyof typeof IDENTITY_SCHEMAS;
/** Identity collectors that are identity providers: their users are the people accounts are joined to. */
export const IDP_COLLECTORS: readonly IdentityCollectorId[] = [
  'okta-users',
  'entra-users',
  'google-workspace-users',
];
export const IDENTITY_COLLECTORS = Object.keys(IDENTITY_SCHEMAS) as IdentityCollectorId[];

/** One input, its data checked against its collector's schema. */
export interface ParsedSource<TData = unknown> {
  readonly collector: IdentityCollectorId;
  readonly input: IdentitySourceInput;
  readonly data: TData;
}

export interface SourceProblem {
  readonly collector: string;
  readonly scope: string;
  readonly code: 'InvalidInput' | 'IncompleteInput' | 'UnknownCollector';
  readonly message: string;
}

/**
 * Checks every input against its collector's schema. An input that fails its schema is left out; an input whose
 * own artifact was incomplete is kept but reported, so the reconciliation is never better than what it read.
 */
export function parseIdentitySources(sources: IdentitySources): {
  parsed: ParsedSource[];
  problems: SourceProblem[];
} {
  const parsed: ParsedSource[] = [];
  const problems: SourceProblem[] = [];
  for (const [collector, inputs] of Object.entries(sources)) {
    const schema = (IDENTITY_SCHEMAS as Record<string, ZodType | undefined>)[collector];
    for (const input of inputs) {
      const at = { collector, scope: input.scope };
      if (!schema) {
        problems.push({
          ...at,
          code: 'UnknownCollector',
          message: `${collector} is not an identity collector`,
        });
        continue;
      }
      const r = schema.safeParse(input.data);
      if (!r.success) {
        problems.push({ ...at, code: 'InvalidInput', message: `${collector} data fails its schema` });
        continue;
      }
      if (input.complete === false || (input.errors?.length ?? 0) > 0)
        problems.push({
          ...at,
          code: 'IncompleteInput',
          message: `${collector} artifact ${input.sha256} is incomplete (${input.errors?.length ?? 0} error(s))`,
        });
      parsed.push({ collector: collector as IdentityCollectorId, input, data: r.data });
    }
  }
  return { parsed, problems };
}
