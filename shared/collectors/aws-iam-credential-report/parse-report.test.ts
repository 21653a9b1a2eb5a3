import { describe, expect, it } from '@jest/globals';
import { InvalidSourceDataError } from '../../errors.js';
import { parseCredentialReport, REPORT_COLUMNS } from './parse-report.js';

const header = REPORT_COLUMNS.join(',');
const root =
  '<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,2026-02-01T10:00:00+00:00,' +
  'not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const alice =
  'alice,arn:aws:iam::123456789012:user/alice,2025-05-01T08:00:00+00:00,true,no_information,2025-05-01T08:00:00+00:00,' +
  'N/A,false,true,2025-05-02T08:00:00+00:00,2026-02-20T09:30:00+00:00,eu-west-1,s3,false,N/A,N/A,N/A,N/A,true,' +
  '2025-05-03T00:00:00+00:00,false,N/A';

describe('parseCredentialReport', () => {
  it('separates the root row from the users and normalizes dates and flags', () => {
    const out = parseCredentialReport(`${header}\n${root}\n${alice}\n`);
    expect(out.root).toMatchObject({
      user: '<root_account>',
      passwordEnabled: null,
      mfaActive: true,
      passwordLastUsed: '2026-02-01T10:00:00.000Z',
    });
    expect(out.users).toEqual([
      {
        user: 'alice',
        arn: 'arn:aws:iam::123456789012:user/alice',
        createdAt: '2025-05-01T08:00:00.000Z',
        passwordEnabled: true,
        passwordLastUsed: null,
        passwordLastChanged: '2025-05-01T08:00:00.000Z',
        passwordNextRotation: null,
        mfaActive: false,
        accessKey1: {
          active: true,
          lastRotated: '2025-05-02T08:00:00.000Z',
          lastUsed: '2026-02-20T09:30:00.000Z',
        },
        accessKey2: { active: false, lastRotated: null, lastUsed: null },
        cert1Active: true,
        cert2Active: false,
      },
    ]);
  });

  it('returns root null when the report has no root row', () => {
    expect(parseCredentialReport(`${header}\n${alice}`).root).toBeNull();
  });

  it('finds columns by name, so a reordered header still reads', () => {
    const cols = [...REPORT_COLUMNS];
    const fields = alice.split(',');
    const swapped = `${[cols[1], cols[0], ...cols.slice(2)].join(',')}\n${[fields[1], fields[0], ...fields.slice(2)].join(',')}`;
    expect(parseCredentialReport(swapped).users[0]!.user).toBe('alice');
  });

  it('rejects a report with a missing column', () => {
    const bad = header.replace('mfa_active', 'mfa_enabled');
    expect(() => parseCredentialReport(`${bad}\n${alice}`)).toThrow(/missing columns: mfa_active/);
  });

  it('rejects a truncated row', () => {
    const cut = alice.slice(0, 60);
    expect(() => parseCredentialReport(`${header}\n${cut}`)).toThrow(InvalidSourceDataError);
  });

  it('rejects unreadable flags and dates, listing each problem', () => {
    const bad = alice
      .replace(',false,true,', ',maybe,true,')
      .replace('2025-05-01T08:00:00+00:00', 'yesterday');
    try {
      parseCredentialReport(`${header}\n${bad}`);
      throw new Error('expected a failure');
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidSourceDataError);
      const issues = (err as InvalidSourceDataError).issues;
      expect(issues).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/mfa_active is "maybe"/),
          expect.stringMatching(/user_creation_time is "yesterday"/),
        ]),
      );
    }
  });

  it('rejects an empty report', () => {
    expect(() => parseCredentialReport('')).toThrow(/empty/);
  });
});
