import { describe, expect, it } from '@jest/globals';
import { IntegrityError } from '../errors.js';
import { decodeLeaf, encodeStatement, LEAF_KINDS, LEAF_SCHEMA, type Statement } from './leaf.js';

// Every statement kind of flux.leaf/v1 round-trips, and each field constraint an offline verifier relies on
// is enforced, with the field named.
const sha = (c: string) => c.repeat(64);
const at = '2026-11-01T00:00:00.000Z';
const samples: Statement[] = [
  {
    leaf: LEAF_SCHEMA,
    kind: 'observation',
    collector: 'aws-s3-buckets',
    scope: 'account=123456789012,region=eu-west-1',
    artifactSha256: sha('a'),
    observedAt: at,
    collectedAt: '2026-11-01T00:00:05+01:00',
    runId: 'run-1',
  },
  {
    leaf: LEAF_SCHEMA,
    kind: 'manual',
    fileSha256: sha('b'),
    key: 'manual/2026/policy.pdf',
    fileName: 'policy.pdf',
    size: 1,
    mediaType: 'application/pdf',
    title: 'Access policy',
    owner: 'ciso',
    requirements: ['iso27001-2022:A.5.15'],
    controls: ['IAM-01'],
    validUntil: '2027-01-01',
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
    addedAt: at,
    addedBy: 'alice',
  },
  { leaf: LEAF_SCHEMA, kind: 'approval', evidence: sha('c'), by: 'bob', at, note: 'ok' },
  {
    leaf: LEAF_SCHEMA,
    kind: 'exception',
    control: 'IAM-01',
    resource: 'arn:aws:iam::123456789012:user/x',
    reason: 'migration',
    owner: 'ciso',
    expires: '2026-12-31',
    addedAt: at,
  },
  {
    leaf: LEAF_SCHEMA,
    kind: 'coverage',
    runId: 'run-1',
    plannedAt: at,
    completedAt: at,
    units: [
      { collector: 'aws-s3-buckets', scope: 's', status: 'completed' },
      { collector: 'aws-s3-buckets', scope: 't', status: 'failed', reason: 'AccessDenied' },
      { collector: 'aws-s3-buckets', scope: 'u', status: 'missing' },
    ],
  },
];

function refusal(statement: unknown): IntegrityError {
  try {
    encodeStatement(statement as Statement);
  } catch (e) {
    expect(e).toBeInstanceOf(IntegrityError);
    return e as IntegrityError;
  }
  throw new Error('expected the statement to be refused');
}

describe('flux.leaf/v1 statement kinds', () => {
  it('names the artifact kind and the five statement kinds', () => {
    expect(LEAF_KINDS).toEqual(['artifact', 'observation', 'manual', 'approval', 'exception', 'coverage']);
    expect(LEAF_SCHEMA).toBe('flux.leaf/v1');
  });

  it('round-trips every kind through its canonical bytes', () => {
    for (const s of samples) {
      const { bytes } = encodeStatement(s);
      expect(bytes.length).not.toBe(32);
      expect(decodeLeaf(bytes)).toEqual(s);
    }
  });

  it('refuses each empty required string, wrong hash, bad time or day, naming the field', () => {
    const cases: Array<[Statement, string, unknown]> = [];
    for (const s of samples)
      for (const [field, value] of Object.entries(s))
        if (typeof value === 'string' && field !== 'leaf' && field !== 'kind' && field !== 'note')
          cases.push([s, field, '']);
    cases.push(
      [samples[0]!, 'artifactSha256', sha('A')],
      [samples[0]!, 'artifactSha256', `${sha('a')}0`],
      [samples[0]!, 'artifactSha256', `0${sha('a')}`],
      [samples[0]!, 'observedAt', '2026-11-01'],
      [samples[1]!, 'size', 0],
      [samples[1]!, 'size', 1.5],
      [samples[1]!, 'validUntil', '2027-01-01T00:00:00Z'],
      [samples[1]!, 'requirements', ['']],
      [samples[1]!, 'controls', ['']],
      [samples[3]!, 'expires', 'soon'],
    );
    for (const [s, field, value] of cases) {
      const e = refusal({ ...s, [field]: value });
      expect(e.check).toBe('statement-invalid');
      expect(e.message).toBe(`not a valid ${s.kind} statement`);
      expect((e.details.issues as string[]).join('\n')).toMatch(new RegExp(`^${field}(\\.\\d+)?: `, 'm'));
    }
    expect((refusal({ ...samples[0], artifactSha256: 'x' }).details.issues as string[])[0]).toBe(
      'artifactSha256: a lowercase hex SHA-256',
    );
    const unit = refusal({ ...samples[4], units: [{ collector: 'c', scope: 's', status: 'done' }] });
    expect((unit.details.issues as string[])[0]).toMatch(/^units\.0\.status: /);
    for (const field of ['collector', 'scope'])
      expect(
        (
          refusal({ ...samples[4], units: [{ collector: 'c', scope: 's', status: 'failed', [field]: '' }] })
            .details.issues as string[]
        )[0],
      ).toMatch(new RegExp(`^units\\.0\\.${field}: `));
    expect(refusal({ ...samples[2], extra: 1 }).check).toBe('statement-invalid');
    expect(refusal({ ...samples[2], leaf: 'flux.leaf/v2' }).check).toBe('statement-invalid');
    expect(refusal({ leaf: LEAF_SCHEMA }).message).toBe('not a valid leaf statement');
  });

  it('says why a leaf cannot be read', () => {
    const unreadable = (bytes: Buffer): IntegrityError => {
      try {
        decodeLeaf(bytes);
      } catch (e) {
        return e as IntegrityError;
      }
      throw new Error('expected a refusal');
    };
    const notJson = unreadable(Buffer.from('{'));
    expect(notJson.check).toBe('leaf-unreadable');
    expect(notJson.message).toBe('a leaf is neither a 32-byte artifact hash nor a JSON statement');
    const wrong = unreadable(Buffer.from('{"kind":"approval","leaf":"flux.leaf/v1"}'));
    expect(wrong.check).toBe('leaf-unreadable');
    expect(wrong.message).toBe('a leaf statement does not match flux.leaf/v1');
    expect((wrong.details.issues as string[]).join('\n')).toMatch(/^evidence: /m);
    const nested = unreadable(
      Buffer.from(
        '{"kind":"coverage","leaf":"flux.leaf/v1","runId":"r","plannedAt":"2026-11-01T00:00:00Z","completedAt":"2026-11-01T00:00:00Z","units":[{"collector":"c","scope":"s","status":"done"}]}',
      ),
    );
    expect((nested.details.issues as string[])[0]).toMatch(/^units\.0\.status: /);
    const spaced = unreadable(Buffer.from(` ${encodeStatement(samples[2]!).bytes.toString()}`));
    expect(spaced.check).toBe('leaf-not-canonical');
    expect(spaced.message).toBe('a leaf statement is not in RFC 8785 canonical form');
  });
});
