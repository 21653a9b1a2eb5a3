import {
  AuthorizeSecurityGroupIngressCommand,
  EC2Client,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { DeletePublicAccessBlockCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { createClientPool } from './company/clients.js';
import type { DemoCompanyFacts } from './company/index.js';

/** A change the demo applies to the emulator between two simulated days. */
export interface DemoEvent {
  readonly day: number;
  readonly kind: 'drift' | 'recovery';
  readonly description: string;
  /** Collectors whose source the change touches (re-collected that day). */
  readonly collectors: readonly string[];
  apply(endpoint: string): Promise<void>;
}

/** Days on which a collector cannot reach its source: it runs and records the failure (no evidence of state). */
export interface DemoOutage {
  readonly from: number;
  readonly to: number;
  readonly collectors: readonly string[];
  /** Source secrets during the outage (a revoked token). */
  readonly secretEnv: Readonly<Record<string, string>>;
  readonly description: string;
}

/** The days of the three stories, for a window of `days` days (90 by default). */
export function storyDays(days: number) {
  const at = (d: number) => Math.min(days - 2, Math.max(1, Math.round((days * d) / 90)));
  return {
    outageFrom: at(20),
    outageTo: at(26),
    driftDay: at(40),
    fixDay: at(40) + 2,
    openDriftDay: at(76),
  };
}

/** The bucket the demo makes public and leaves so: the prod account's app-data bucket. */
export function driftBucket(facts: DemoCompanyFacts): { name: string; account: string } {
  const b =
    facts.s3.buckets.find((x) => x.account === facts.accounts.prod.id && x.posture === 'private-encrypted') ??
    facts.s3.buckets.find((x) => x.posture === 'private-encrypted')!;
  return { name: b.name, account: b.account };
}

/**
 * The three stories of the window:
 * - a drift fixed within its SLA: on `driftDay` an engineer opens SSH to the world on the bastion's security group
 *   "for a quick debug", and it is closed two days later (NET-04: effective, with an exception);
 * - a drift left open: on `openDriftDay` the prod app-data bucket gets a public-read statement and its Block Public
 *   Access is removed, and nobody fixes it before the window ends (DAT-01: not effective);
 * - a collector outage: the Okta API token is revoked for a week; okta-users runs and records 401s, so the controls
 *   it feeds are UNKNOWN for those days and an evidence-gap alert fires.
 */
export function demoStories(
  facts: DemoCompanyFacts,
  days: number,
): { events: DemoEvent[]; outages: DemoOutage[] } {
  const d = storyDays(days);
  const { name, account } = driftBucket(facts);
  const sg = facts.ec2.securityGroups.find((g) => g.posture === 'ssh-world')!;
  const pool = (endpoint: string) => createClientPool({ endpoint });
  const ssh = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
  const run = async <C extends { destroy(): void }>(c: C, fn: (c: C) => Promise<unknown>) => {
    try {
      await fn(c);
    } finally {
      c.destroy();
    }
  };
  const ec2 = (endpoint: string) => pool(endpoint).forAccount(sg.account)(EC2Client, sg.region);
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'PublicRead',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${name}/*`,
      },
    ],
  });
  return {
    events: [
      {
        day: d.driftDay,
        kind: 'drift',
        description: `SSH opened to 0.0.0.0/0 on security group ${sg.groupName} (${sg.groupId})`,
        collectors: ['aws-ec2-security-groups'],
        apply: (endpoint) =>
          run(ec2(endpoint), (c) =>
            c.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg.groupId, IpPermissions: [ssh] })),
          ),
      },
      {
        day: d.fixDay,
        kind: 'recovery',
        description: `SSH from 0.0.0.0/0 revoked again on ${sg.groupName}`,
        collectors: ['aws-ec2-security-groups'],
        apply: (endpoint) =>
          run(ec2(endpoint), (c) =>
            c.send(new RevokeSecurityGroupIngressCommand({ GroupId: sg.groupId, IpPermissions: [ssh] })),
          ),
      },
      {
        day: d.openDriftDay,
        kind: 'drift',
        description: `bucket ${name} (account ${account}) made publicly readable; still open at the end of the window`,
        collectors: ['aws-s3-buckets'],
        apply: (endpoint) =>
          run(pool(endpoint).forAccount(account)(S3Client), async (c) => {
            await c.send(new DeletePublicAccessBlockCommand({ Bucket: name }));
            await c.send(new PutBucketPolicyCommand({ Bucket: name, Policy: policy }));
          }),
      },
    ],
    outages: [
      {
        from: d.outageFrom,
        to: d.outageTo,
        collectors: ['okta-users'],
        secretEnv: { OKTA_API_TOKEN: '00revokedTokenRevokedToken0123456789XYZ' },
        description: 'Okta API token revoked: okta-users gets 401 Unauthorized',
      },
    ],
  };
}
