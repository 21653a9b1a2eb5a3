import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../errors.js';
import { auditorAccess } from './auditor-policy.js';
import type { Auditor } from './scope.js';

const AUDITORS: Auditor[] = [
  {
    principalArn: 'arn:aws:iam::111122223333:role/acme-auditor',
    engagement: 'acme-soc2-2026',
    frameworks: ['soc2-2017'],
    endsOn: '2026-06-30',
  },
  {
    principalArn: 'arn:aws:iam::999999999999:role/firm-reader',
    engagement: 'acme-iso-2026',
    frameworks: ['iso27001-2022'],
    endsOn: '2026-06-30',
  },
];
const API = { region: 'eu-west-1', account: '111122223333', apiId: 'a1b2c3d4e5' };
const FIRM = 'arn:aws:iam::444455556666:root';

describe('auditorAccess', () => {
  it('allows execute-api:Invoke on the three routes only, until the engagement ends', () => {
    const a = auditorAccess(AUDITORS, 'acme-soc2-2026', API, FIRM);
    expect(a.endsAt).toBe('2026-06-30T00:00:00Z');
    expect(a.identityPolicy.Statement).toEqual([
      {
        Sid: 'CallSnapshotApi',
        Effect: 'Allow',
        Action: 'execute-api:Invoke',
        Resource: [
          'arn:aws:execute-api:eu-west-1:111122223333:a1b2c3d4e5/$default/GET/snapshots',
          'arn:aws:execute-api:eu-west-1:111122223333:a1b2c3d4e5/$default/POST/snapshots',
          'arn:aws:execute-api:eu-west-1:111122223333:a1b2c3d4e5/$default/POST/snapshots/*/url',
        ],
        Condition: { DateLessThan: { 'aws:CurrentTime': '2026-06-30T00:00:00Z' } },
      },
    ]);
  });

  it('lets only the trusted firm assume the role, with MFA, until the engagement ends', () => {
    expect(auditorAccess(AUDITORS, 'acme-soc2-2026', API, FIRM).trustStatement).toEqual({
      Sid: 'AuditorOfacmesoc22026',
      Effect: 'Allow',
      Principal: { AWS: FIRM },
      Action: 'sts:AssumeRole',
      Condition: {
        DateLessThan: { 'aws:CurrentTime': '2026-06-30T00:00:00Z' },
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      },
    });
  });

  it('refuses an unknown engagement and a principal outside the platform account (HTTP APIs have no resource policy)', () => {
    expect(() => auditorAccess(AUDITORS, 'nope', API, FIRM)).toThrow(ValidationError);
    expect(() => auditorAccess(AUDITORS, 'acme-iso-2026', API, FIRM)).toThrow(
      /must be a role in the platform account/,
    );
  });
});
