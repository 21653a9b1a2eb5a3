/*
 * Why a fetch client and not @microsoft/microsoft-graph-client (3.0.x) + @azure/identity (4.x), re-decided on
 * Node 24 (where @azure/identity now installs): bundled and minified with esbuild for node24, the two add
 * 450 KB to a collector bundle (measured 2026-12-06), against our 1 MB ceiling per function and a ~150 ms
 * cold-start budget; the Graph client's PageIterator has had releases that stop after the first page
 * (msgraph-sdk-javascript#1044) and validates nothing, while we need every page checked. Client credentials is
 * one form POST, and `@odata.nextLink` paging, 429 Retry-After and zod-checked pages come from
 * {@link IdpHttpClient}, with an injectable fetch and base URLs (graph and token endpoint) that point at a
 * fixture server in tests.
 */
import * as z from 'zod';
import type { ProvenanceRecorder } from '../../kernel/provenance.js';
import { IdpHttpClient } from './http.js';
import { odataNextLink } from './paging.js';
import { fetchToken } from './token.js';
import { transportOf, type IdpTransport } from './transport.js';

const isoInstant = z.iso.datetime({ offset: true });
const page = <T extends z.ZodType>(item: T) =>
  z.object({ value: z.array(item), '@odata.nextLink': z.string().optional() });

/** Graph `user` fields the collector selects (`signInActivity` needs Entra ID P1 and AuditLog.Read.All). */
const GraphUserSchema = z.object({
  id: z.string().min(1),
  userPrincipalName: z.string().min(1),
  mail: z.string().nullable().optional(),
  accountEnabled: z.boolean().nullable().optional(),
  userType: z.string().nullable().optional(),
  createdDateTime: isoInstant.nullable().optional(),
  signInActivity: z
    .object({
      lastSignInDateTime: isoInstant.nullable().optional(),
      lastNonInteractiveSignInDateTime: isoInstant.nullable().optional(),
    })
    .nullable()
    .optional(),
});
export type GraphUser = z.infer<typeof GraphUserSchema>;

/** A `userRegistrationDetails` entry (reports/authenticationMethods). */
const RegistrationDetailsSchema = z.object({
  id: z.string().min(1),
  isAdmin: z.boolean(),
  isMfaRegistered: z.boolean(),
  isMfaCapable: z.boolean(),
  methodsRegistered: z.array(z.string()),
});
type RegistrationDetails = z.infer<typeof RegistrationDetailsSchema>;

/** A deleted user (directory/deletedItems/microsoft.graph.user), kept 30 days by Entra. */
const DeletedUserSchema = z.object({
  id: z.string().min(1),
  userPrincipalName: z.string().nullable().optional(),
  mail: z.string().nullable().optional(),
  deletedDateTime: isoInstant.nullable().optional(),
});
type DeletedUser = z.infer<typeof DeletedUserSchema>;

/** How to reach a Microsoft Entra tenant: passed to collectors as `extras.entra`. */
export interface EntraConnection extends IdpTransport {
  readonly tenantId: string;
  readonly clientId: string;
  /** Supplies the client secret; it only ever goes into the token request body. */
  readonly clientSecret: () => Promise<string>;
  /** Default `https://graph.microsoft.com`. */
  readonly graphBaseUrl?: string;
  /** Default `https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token`. */
  readonly tokenUrl?: string;
  /** Users per page (`$top`, Graph allows up to 999). */
  readonly pageSize?: number;
}

/** The Graph reads the collector needs. */
export interface GraphClient {
  listUsers(select: readonly string[]): Promise<GraphUser[]>;
  listRegistrationDetails(): Promise<RegistrationDetails[]>;
  listDeletedUsers(): Promise<DeletedUser[]>;
}

/** Creates a Graph client (v1.0) authenticated by client credentials, recording every request. */
export function createGraphClient(conn: EntraConnection, recorder?: ProvenanceRecorder): GraphClient {
  const graphBase = conn.graphBaseUrl ?? 'https://graph.microsoft.com';
  const tokenUrl =
    conn.tokenUrl ??
    `https://login.microsoftonline.com/${encodeURIComponent(conn.tenantId)}/oauth2/v2.0/token`;
  const rec = recorder ? { recorder } : {};
  const token = fetchToken({
    ...transportOf(conn),
    ...rec,
    service: 'entra-token',
    tokenUrl,
    form: async () => ({
      grant_type: 'client_credentials',
      client_id: conn.clientId,
      client_secret: await conn.clientSecret(),
      scope: `${new URL(graphBase).origin}/.default`,
    }),
    recordParams: { grant_type: 'client_credentials', client_id: conn.clientId },
  });
  const http = new IdpHttpClient({
    ...transportOf(conn),
    ...rec,
    service: 'graph',
    baseUrl: graphBase,
    authorization: async () => `Bearer ${await token()}`,
    requestIdHeader: 'request-id',
  });
  const list = <T extends z.ZodType>(path: string, item: T, params: Record<string, string> = {}) =>
    http.listAll({
      path,
      params,
      schema: page(item),
      items: (p) => p.value as z.infer<T>[],
      next: odataNextLink,
    });
  return {
    listUsers: (select) =>
      list('/v1.0/users', GraphUserSchema, { $select: select.join(','), $top: String(conn.pageSize ?? 999) }),
    listRegistrationDetails: () =>
      list('/v1.0/reports/authenticationMethods/userRegistrationDetails', RegistrationDetailsSchema),
    listDeletedUsers: () =>
      list('/v1.0/directory/deletedItems/microsoft.graph.user', DeletedUserSchema, {
        $select: 'id,userPrincipalName,mail,deletedDateTime',
      }),
  };
}

/** Provenance identity for an Entra app registration. */
export function entraIdentity(tenantId: string, clientId: string): string {
  return `entra-app:${clientId}@${tenantId}`;
}
