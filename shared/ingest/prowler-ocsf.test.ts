import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../errors.js';
import { jsonArrayItems } from './json-array-stream.js';
import { readProwlerScan } from './prowler-ocsf.js';
import { chunked, prowlerRecord } from './testing.js';

const opts = { accounts: ['111111111111'], now: new Date('2026-03-02T00:00:00Z'), maxAgeHours: 192 };
const file = (records: unknown[]) => JSON.stringify(records, null, 2);
async function problems(text: string, o = opts): Promise<string[]> {
  try {
    await readProwlerScan(chunked(text), o);
  } catch (e) {
    if (e instanceof ValidationError) return [...e.issues];
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('jsonArrayItems', () => {
  it('streams the elements across chunk boundaries, braces and escapes inside strings included', async () => {
    const items = [{ a: '}{"],[\\' }, { b: [1, { c: 2 }] }, {}];
    const out: unknown[] = [];
    for await (const x of jsonArrayItems(chunked(JSON.stringify(items), 3), 'f')) out.push(x);
    expect(out).toEqual(items);
  });
});

describe('readProwlerScan', () => {
  it('reads a scan: origin, checks that ran with their counts, findings sorted by uid', async () => {
    const scan = await readProwlerScan(
      chunked(
        file([
          prowlerRecord(2, { check: 's3_bucket_default_encryption', status: 'FAIL' }),
          prowlerRecord(1, { status: 'PASS', time: '2026-03-01T09:59:00Z' }),
          prowlerRecord(3, { check: 's3_bucket_default_encryption', status: 'FAIL', muted: true }),
        ]),
      ),
      opts,
    );
    expect(scan).toMatchObject({
      tool: 'prowler',
      version: '5.46.0',
      ocsfVersion: '1.5.0',
      account: '111111111111',
      scanStartedAt: '2026-03-01T09:59:00.000Z',
      scanEndedAt: '2026-03-01T10:00:00.000Z',
      findings: 3,
      checks: [
        {
          checkId: 'iam_root_mfa_enabled',
          severity: 'High',
          passed: ['us-east-1/arn:aws:iam::111111111111:res1'],
          failed: [],
          manual: [],
        },
        {
          checkId: 's3_bucket_default_encryption',
          severity: 'High',
          passed: [],
          failed: [
            { resource: 'us-east-1/arn:aws:iam::111111111111:res2', muted: false },
            { resource: 'us-east-1/arn:aws:iam::111111111111:res3', muted: true },
          ],
          manual: [],
        },
      ],
    });
  });

  it('refuses a resource reported twice by the same check', async () => {
    expect(await problems(file([prowlerRecord(1), prowlerRecord(1)]))).toEqual([
      'check iam_root_mfa_enabled: resource us-east-1/arn:aws:iam::111111111111:res1 reported twice',
    ]);
  });

  it('refuses a truncated file', async () => {
    const text = file([prowlerRecord(1), prowlerRecord(2)]);
    expect(await problems(text.slice(0, text.length - 40))).toEqual([
      expect.stringMatching(/^truncated: the array is not closed after 1 complete record/),
    ]);
  });

  it('refuses invalid JSON and records that are not Prowler AWS detection findings, naming the record', async () => {
    expect(await problems('[{"a": tru}]')).toEqual([expect.stringMatching(/^record 0: not valid JSON/)]);
    expect(await problems('{"findings": []}')).toEqual([expect.stringContaining('not a JSON array')]);
    const bad = { ...prowlerRecord(2), class_uid: 2003, status_code: 'OK' };
    expect(await problems(file([prowlerRecord(1), bad]))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^record 1: class_uid/),
        expect.stringMatching(/^record 1: status_code/),
      ]),
    );
  });

  it('refuses findings for an account outside the configuration, and files mixing accounts', async () => {
    expect(await problems(file([prowlerRecord(1, { account: '999999999999' })]))).toEqual([
      'findings for account 999999999999, which is not in the configuration (111111111111)',
    ]);
    const mixed = await problems(file([prowlerRecord(1), prowlerRecord(2, { account: '222222222222' })]));
    expect(mixed[0]).toMatch(/^findings for 2 accounts/);
  });

  it('refuses a scan older than the freshness limit, and an empty scan', async () => {
    expect(await problems(file([prowlerRecord(1, { time: '2026-02-20T00:00:00Z' })]))).toEqual([
      expect.stringMatching(
        /^the scan started 2026-02-20T00:00:00.000Z, 240 h ago: older than the freshness limit of 192 h/,
      ),
    ]);
    expect(await problems('[]')).toEqual(['the file holds no finding: nothing shows any check ran']);
  });
});
