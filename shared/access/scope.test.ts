import { describe, expect, it } from '@jest/globals';
import { auditorPolicy, authorize, callerKind, principalKey, type Auditor } from './scope.js';

const auditors: Auditor[] = [
  {
    principalArn: 'arn:aws:iam::111122223333:role/external/acme-auditor',
    engagement: 'acme-soc2-2026',
    frameworks: ['soc2-2017'],
    endsOn: '2026-06-30',
  },
  {
    principalArn: 'arn:aws:iam::444455556666:user/iso-lead',
    engagement: 'acme-iso-2026',
    frameworks: ['iso27001-2022', 'gdpr'],
    endsOn: '2026-03-31',
  },
];
const now = new Date('2026-03-15T12:00:00Z');

describe('authorize', () => {
  it('allows a configured principal on its engagement and framework, matching an assumed-role session to its role', () => {
    const d = authorize(
      'arn:aws:sts::111122223333:assumed-role/acme-auditor/jane@audit.example',
      'acme-soc2-2026',
      auditors,
      now,
      'soc2-2017',
    );
    expect(d).toMatchObject({ allowed: true, endsAt: new Date('2026-06-30T00:00:00Z') });
    expect(authorize('arn:aws:iam::444455556666:user/iso-lead', 'acme-iso-2026', auditors, now).allowed).toBe(
      true,
    );
  });

  it.each([
    ['unknown-principal', 'arn:aws:iam::999999999999:role/acme-auditor', 'acme-soc2-2026', now, undefined],
    ['other-engagement', 'arn:aws:iam::444455556666:user/iso-lead', 'acme-soc2-2026', now, undefined],
    [
      'engagement-ended',
      'arn:aws:iam::444455556666:user/iso-lead',
      'acme-iso-2026',
      new Date('2026-03-31T00:00:00Z'),
      undefined,
    ],
    [
      'framework-not-in-engagement',
      'arn:aws:iam::444455556666:user/iso-lead',
      'acme-iso-2026',
      now,
      'soc2-2017',
    ],
  ])('refuses with %s', (reason, principal, engagement, at, framework) => {
    const d = authorize(principal, engagement, auditors, at, framework);
    expect(d).toMatchObject({ allowed: false, reason });
  });

  it('does not match a user to a role of the same name', () => {
    expect(principalKey('arn:aws:iam::111122223333:user/acme-auditor')).not.toBe(
      principalKey(auditors[0]!.principalArn),
    );
  });
});

describe('callerKind', () => {
  const operators = [
    'arn:aws:iam::111122223333:role/flux-operator',
    'arn:aws:iam::111122223333:user/ops-lee',
  ];
  it.each([
    ['arn:aws:sts::111122223333:assumed-role/flux-operator/lee', 'operator'],
    ['arn:aws:iam::111122223333:user/ops-lee', 'operator'],
    // Another account's role of the same name, a user named like the role, an unlisted role: auditors (refused later).
    ['arn:aws:sts::999999999999:assumed-role/flux-operator/lee', 'auditor'],
    ['arn:aws:iam::111122223333:user/flux-operator', 'auditor'],
    ['arn:aws:sts::111122223333:assumed-role/developer/pat', 'auditor'],
  ])('%s is an %s', (arn, kind) => {
    expect(callerKind(arn, auditors, operators)).toBe(kind);
  });

  it('keeps a principal configured as auditor and operator an auditor (the narrower reach)', () => {
    const both = [...operators, 'arn:aws:iam::111122223333:role/acme-auditor'];
    expect(callerKind('arn:aws:sts::111122223333:assumed-role/acme-auditor/jane', auditors, both)).toBe(
      'auditor',
    );
  });
});

describe('auditorPolicy', () => {
  it('grants GetObject on the engagement snapshots only, until the engagement ends', () => {
    const p = auditorPolicy(auditors[0]!, 'flux-evidence-111122223333');
    expect(p).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadEngagementSnapshots',
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::flux-evidence-111122223333/snapshots/acme-soc2-2026/*',
          Condition: {
            DateLessThan: { 'aws:CurrentTime': '2026-06-30T00:00:00Z' },
            Bool: { 'aws:SecureTransport': 'true' },
          },
        },
      ],
    });
  });
});
