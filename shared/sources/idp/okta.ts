/*
 * Why a fetch client and not @okta/okta-sdk-nodejs (v8), re-decided on Node 24: bundled and minified with
 * esbuild for node24 it alone is 4.5 MB (measured 2026-12-06), over our 1 MB per-function ceiling. It is
 * CommonJS with ~15 runtime dependencies (node-fetch 2, lodash, node-jose, njwt…), brings its own request executor whose retry waits cannot be
 * injected, and takes no `fetch`, so tests could only reach a fixture server through its org URL while
 * sleeping through real 429 waits. The two endpoints we read (users, factors) are a few lines over
 * {@link IdpHttpClient}, which gives the same retry and Link paging with zod-checked pages and provenance.
 */
import * as z from 'zod';
import type { ProvenanceRecorder } from '../../kernel/provenance.js';
import { IdpHttpClient } from './http.js';
import { linkHeaderNext } from './paging.js';
import { transportOf, type IdpTransport } from './transport.js';

const isoInstant = z.iso.datetime({ offset: true });

/** The fields of an Okta user object (GET /api/v1/users) that the collectors read; others are ignored. */
const OktaUserSchema = z.object({
  id: z.string().min(1),
  status: z.string().min(1),
  created: isoInstant,
  statusChanged: isoInstant.nullable().optional(),
  lastLogin: isoInstant.nullable().optional(),
  profile: z.object({ login: z.string().min(1), email: z.string().nullable().optional() }),
});
export type OktaUser = z.infer<typeof OktaUserSchema>;

/** The fields of an Okta factor (GET /api/v1/users/{id}/factors). */
const OktaFactorSchema = z.object({
  id: z.string().min(1),
  factorType: z.string().min(1),
  provider: z.string().min(1),
  status: z.string().min(1),
});
type OktaFactor = z.infer<typeof OktaFactorSchema>;

/** How to reach an Okta org: passed to collectors as `extras.okta`. */
export interface OktaConnection extends IdpTransport {
  /** `https://acme.okta.com` (or a fixture server). */
  readonly baseUrl: string;
  /** Supplies the API token; it only ever goes into the `Authorization: SSWS` header. */
  readonly token: () => Promise<string>;
  /** Users per page (Okta allows up to 200). */
  readonly pageSize?: number;
}

/** The Okta reads the collectors need. */
export interface OktaClient {
  /** All users of the default listing (every status except DEPROVISIONED), or those matching `filter`. */
  listUsers(filter?: string): Promise<OktaUser[]>;
  listFactors(userId: string): Promise<OktaFactor[]>;
}

/** Creates an Okta client that records every request into `recorder`. */
export function createOktaClient(conn: OktaConnection, recorder?: ProvenanceRecorder): OktaClient {
  const http = new IdpHttpClient({
    ...transportOf(conn),
    service: 'okta',
    baseUrl: conn.baseUrl,
    authorization: async () => `SSWS ${await conn.token()}`,
    requestIdHeader: 'x-okta-request-id',
    ...(recorder ? { recorder } : {}),
  });
  return {
    listUsers: (filter) =>
      http.listAll({
        path: '/api/v1/users',
        params: { limit: String(conn.pageSize ?? 200), ...(filter ? { filter } : {}) },
        schema: z.array(OktaUserSchema),
        items: (page) => page,
        next: linkHeaderNext,
      }),
    listFactors: async (userId) =>
      (
        await http.request({
          path: `/api/v1/users/${encodeURIComponent(userId)}/factors`,
          operation: 'GET /api/v1/users/{id}/factors',
          // One provenance entry for all users: pages = users asked, items = factors seen.
          recordParams: {},
          schema: z.array(OktaFactorSchema),
          count: (page) => page.length,
        })
      ).body,
  };
}

/** Provenance identity for an Okta org reached with an API token. */
export function oktaIdentity(baseUrl: string): string {
  return `okta-api-token@${new URL(baseUrl).host}`;
}
