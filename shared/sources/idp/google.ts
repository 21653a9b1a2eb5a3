/*
 * Why a fetch client and not @googleapis/admin (37) + google-auth-library (11), re-decided on Node 24 (where
 * both now install): bundled and minified with esbuild for node24, they add 441 KB to a collector bundle
 * (measured 2026-12-06) for one Directory list, against our 1 MB ceiling per function and a ~150 ms
 * cold-start budget, and their transport (gaxios) retries on its own schedule. Domain-wide delegation is one
 * RS256 JWT signed with node:crypto and one form POST; `nextPageToken` paging, 429 Retry-After and zod-checked
 * pages come from {@link IdpHttpClient}, and the base and token URLs point at a fixture server in tests.
 */
import { createSign } from 'node:crypto';
import * as z from 'zod';
import type { ProvenanceRecorder } from '../../kernel/provenance.js';
import { IdpHttpClient } from './http.js';
import { pageTokenNext } from './paging.js';
import type { ServiceAccountKey } from './secrets.js';
import { fetchToken } from './token.js';
import { transportOf, type IdpTransport } from './transport.js';

/** The read-only Directory scope the service account is delegated. */
const DIRECTORY_USER_READONLY_SCOPE = 'https://www.googleapis.com/auth/admin.directory.user.readonly';

const isoInstant = z.iso.datetime({ offset: true });

/** Directory `users` resource fields the collector reads. */
const GoogleUserSchema = z.object({
  id: z.string().min(1),
  primaryEmail: z.string().min(1),
  isAdmin: z.boolean().optional(),
  isDelegatedAdmin: z.boolean().optional(),
  suspended: z.boolean().optional(),
  archived: z.boolean().optional(),
  isEnrolledIn2Sv: z.boolean().optional(),
  isEnforcedIn2Sv: z.boolean().optional(),
  lastLoginTime: isoInstant.optional(),
  creationTime: isoInstant.optional(),
  deletionTime: isoInstant.optional(),
});
export type GoogleUser = z.infer<typeof GoogleUserSchema>;

const UsersPageSchema = z.object({
  users: z.array(GoogleUserSchema).optional(),
  nextPageToken: z.string().optional(),
});

/** How to reach a Google Workspace customer: passed to collectors as `extras.googleWorkspace`. */
export interface GoogleConnection extends IdpTransport {
  /** `my_customer` or the customer id. */
  readonly customer: string;
  /** The admin the service account acts as (domain-wide delegation `sub`). */
  readonly adminEmail: string;
  /** Supplies the service-account key; the private key only signs the JWT assertion. */
  readonly serviceAccount: () => Promise<ServiceAccountKey>;
  /** Default `https://admin.googleapis.com`. */
  readonly baseUrl?: string;
  /** Default: the key's `token_uri`, else `https://oauth2.googleapis.com/token`. */
  readonly tokenUrl?: string;
  /** Users per page (`maxResults`, at most 500). */
  readonly pageSize?: number;
}

/** The Directory reads the collector needs. */
export interface GoogleDirectoryClient {
  /** Every user; with `deleted`, the users deleted in the last 20 days instead. */
  listUsers(deleted?: boolean): Promise<GoogleUser[]>;
}

/** Creates a Directory client authenticated by a delegated service-account JWT, recording every request. */
export async function createGoogleDirectoryClient(
  conn: GoogleConnection,
  recorder?: ProvenanceRecorder,
): Promise<GoogleDirectoryClient> {
  const key = await conn.serviceAccount();
  const tokenUrl = conn.tokenUrl ?? key.token_uri ?? 'https://oauth2.googleapis.com/token';
  const now = conn.now ?? (() => new Date());
  const rec = recorder ? { recorder } : {};
  const token = fetchToken({
    ...transportOf(conn),
    ...rec,
    service: 'google-token',
    tokenUrl,
    form: async () => ({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: signServiceAccountJwt(key, conn.adminEmail, DIRECTORY_USER_READONLY_SCOPE, tokenUrl, now()),
    }),
    recordParams: {
      grant_type: 'jwt-bearer',
      iss: key.client_email,
      sub: conn.adminEmail,
      scope: DIRECTORY_USER_READONLY_SCOPE,
    },
  });
  const http = new IdpHttpClient({
    ...transportOf(conn),
    ...rec,
    service: 'google-admin',
    baseUrl: conn.baseUrl ?? 'https://admin.googleapis.com',
    authorization: async () => `Bearer ${await token()}`,
  });
  return {
    listUsers: (deleted = false) =>
      http.listAll({
        path: '/admin/directory/v1/users',
        params: {
          customer: conn.customer,
          projection: 'full',
          maxResults: String(conn.pageSize ?? 500),
          ...(deleted ? { showDeleted: 'true' } : {}),
        },
        schema: UsersPageSchema,
        items: (page) => page.users ?? [],
        next: pageTokenNext(),
      }),
  };
}

/** Signs the RS256 JWT assertion of Google's service-account grant (RFC 7523), valid for one hour. */
function signServiceAccountJwt(
  key: ServiceAccountKey,
  subject: string,
  scope: string,
  audience: string,
  at: Date,
): string {
  const iat = Math.floor(at.getTime() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', ...(key.private_key_id ? { kid: key.private_key_id } : {}) };
  const claims = { iss: key.client_email, sub: subject, scope, aud: audience, iat, exp: iat + 3600 };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key.private_key);
  return `${input}.${signature.toString('base64url')}`;
}

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** Provenance identity for a delegated service account. */
export function googleIdentity(clientEmail: string, adminEmail: string): string {
  return `google-service-account:${clientEmail} as ${adminEmail}`;
}
