import { beforeAll, describe, expect, it } from '@jest/globals';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector } from './collector.js';
import { ADMINISTRATOR_ACCESS_ARN } from './policy-document.js';
import {
  collectThrough,
  deps,
  matches,
  rawAuthorizationDetails,
  scope,
  seedAccount,
} from './test-fixtures.js';

const LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;
const section = (xml: string, tag: string) => new RegExp(`<${tag}>[\\s\\S]*?</${tag}>|<${tag}/>`);

/** One page of the listing holding only `keep` of its four lists, truncated with `marker` when given. */
function page(xml: string, keep: readonly string[], marker?: string): string {
  let out = xml;
  for (const tag of LISTS) if (!keep.includes(tag)) out = out.replace(section(out, tag), `<${tag}/>`);
  const truncation = marker
    ? `<IsTruncated>true</IsTruncated><Marker>${marker}</Marker>`
    : '<IsTruncated>false</IsTruncated>';
  return out.replace(/<IsTruncated>false<\/IsTruncated>/, truncation);
}

// More users and roles than one IAM page (100) holds.
describe('aws-iam-admin-access pagination', () => {
  beforeAll(() => seedAccount(120));

  it('asks for 1,000-item pages and makes no per-principal call', async () => {
    const { envelope } = await collectEnvelope(collector, scope, deps());
    expect(envelope.errors).toEqual([]);
    expect(envelope.data).toMatchObject({ counts: { users: 126, groups: 3, roles: 123 } });
    const iam = envelope.provenance.operations.filter((o) => o.operation !== 'GetCallerIdentity');
    // moto ignores MaxItems/Marker here and answers everything at once: one page.
    expect(iam.find((o) => o.operation === 'GetAccountAuthorizationDetails')).toMatchObject({
      pages: 1,
      params: { MaxItems: 1000 },
    });
    // 249 principals, 4 calls: the listing, AWS managed default versions, one document per attached AWS policy.
    expect(iam.reduce((n, o) => n + o.pages, 0)).toBe(4);
    expect(
      iam
        .filter((o) => o.operation === 'GetPolicyVersion')
        .map((o) => o.params.PolicyArn)
        .sort(),
    ).toEqual([ADMINISTRATOR_ACCESS_ARN, 'arn:aws:iam::aws:policy/ReadOnlyAccess']);
  });

  it('follows every GetAccountAuthorizationDetails page', async () => {
    // moto ignores paging, so the proxy serves moto's own listing in three pages: users, groups, the rest.
    const xml = await rawAuthorizationDetails();
    const markers: (string | null)[] = [];
    const { envelope, data, hits } = await collectThrough((req) => {
      if (!matches(req, 'GetAccountAuthorizationDetails')) return undefined;
      const marker = new URLSearchParams(req.body).get('Marker');
      markers.push(marker);
      if (marker === null) return { status: 200, body: page(xml, ['UserDetailList'], 'page-2') };
      if (marker === 'page-2') return { status: 200, body: page(xml, ['GroupDetailList'], 'page-3') };
      return { status: 200, body: page(xml, ['RoleDetailList', 'Policies']) };
    });
    expect(hits).toBe(3);
    expect(markers).toEqual([null, 'page-2', 'page-3']);
    expect(envelope.errors).toEqual([]);
    expect(
      envelope.provenance.operations.find((o) => o.operation === 'GetAccountAuthorizationDetails'),
    ).toMatchObject({ pages: 3 });
    expect(data.counts).toEqual({ users: 126, groups: 3, roles: 123 });
    // Group membership and customer policies joined across pages.
    expect(data.admins.map((a) => `${a.type}:${a.name}:${a.via}`)).toEqual([
      'user:alice:group:admins',
      'user:bob:inline',
      'user:dave:attached',
      'user:frank:group:ops',
      'group:admins:attached',
      'group:ops:inline',
      'role:deployer:attached',
      'role:lambda-role:inline',
    ]);
  });
});
