import { beforeAll, describe, expect, it } from '@jest/globals';
import { IAMClient, ListUsersCommand, type User } from '@aws-sdk/client-iam';
import { awsTestConfig } from '../../../test/harness/aws.js';
import type { FaultResponse } from '../../../test/harness/fault-proxy.js';
import { collectEnvelope } from '../runner.js';
import { collector } from './collector.js';
import { ADMINISTRATOR_ACCESS_ARN } from './policy-document.js';
import { arn, collectThrough, deps, matches, scope, seedAccount } from './test-fixtures.js';

// More users and roles than one IAM page (100) holds; kept apart from the fault tests because each run is ~500 calls.
describe('aws-iam-admin-access pagination', () => {
  beforeAll(() => seedAccount(120));

  it('follows every ListRoles page and fetches each managed policy once', async () => {
    const { envelope } = await collectEnvelope(collector, scope, deps());
    const ops = envelope.provenance.operations;
    // moto pages ListRoles at IAM's default of 100 items.
    const listRoles = ops.find((o) => o.operation === 'ListRoles')!;
    expect(listRoles).toMatchObject({ pages: 2, items: 123 });
    expect(listRoles.requestIds).toHaveLength(2);
    const getPolicy = ops.filter((o) => o.operation === 'GetPolicy');
    expect(getPolicy.map((o) => o.params.PolicyArn).sort()).toEqual(
      [
        ADMINISTRATOR_ACCESS_ARN,
        'arn:aws:iam::aws:policy/ReadOnlyAccess',
        arn('policy', 'break-glass'),
        arn('policy', 'read-logs'),
      ].sort(),
    );
    expect(getPolicy.every((o) => o.pages === 1)).toBe(true);
    expect(ops.filter((o) => o.operation === 'ListAttachedUserPolicies')).toHaveLength(126);
    expect(ops.filter((o) => o.operation === 'ListRolePolicies')).toHaveLength(123);
    expect(ops.filter((o) => o.operation === 'GetGroup')).toHaveLength(3);
  });

  it('follows every ListUsers page', async () => {
    // moto ignores MaxItems/Marker on ListUsers, so the proxy serves moto's own users in IAM-sized pages of 100.
    const { Users: users = [] } = await new IAMClient(awsTestConfig()).send(new ListUsersCommand({}));
    expect(users).toHaveLength(126);
    const page = (part: User[], marker?: string): FaultResponse => ({
      status: 200,
      body:
        '<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListUsersResult><Users>' +
        part
          .map(
            (u) =>
              `<member><Path>${u.Path}</Path><UserName>${u.UserName}</UserName><UserId>${u.UserId}</UserId>` +
              `<Arn>${u.Arn}</Arn><CreateDate>${u.CreateDate!.toISOString()}</CreateDate></member>`,
          )
          .join('') +
        `</Users><IsTruncated>${marker ? 'true' : 'false'}</IsTruncated>${marker ? `<Marker>${marker}</Marker>` : ''}` +
        '</ListUsersResult><ResponseMetadata><RequestId>fault-proxy</RequestId></ResponseMetadata></ListUsersResponse>',
    });
    const markers: (string | null)[] = [];
    const { envelope, data, hits } = await collectThrough((req) => {
      if (!matches(req, 'ListUsers')) return undefined;
      const marker = new URLSearchParams(req.body).get('Marker');
      markers.push(marker);
      return marker === 'page-2' ? page(users.slice(100)) : page(users.slice(0, 100), 'page-2');
    });
    expect(hits).toBe(2);
    expect(markers).toEqual([null, 'page-2']);
    expect(envelope.errors).toEqual([]);
    expect(envelope.provenance.operations.find((o) => o.operation === 'ListUsers')).toMatchObject({
      pages: 2,
      items: 126,
    });
    expect(data.counts.users).toBe(126);
    expect(data.admins.filter((a) => a.type === 'user').map((a) => a.name)).toEqual([
      'alice',
      'bob',
      'dave',
      'frank',
    ]);
  });
});
