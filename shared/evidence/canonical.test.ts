import { describe, expect, it } from '@jest/globals';
import { ArtifactTooLargeError, IntegrityError, ValidationError } from '../errors.js';
import { openArtifact, sealEnvelope } from './artifact.js';
import { canonicalBytes, sha256Hex } from './canonical.js';
import { ENVELOPE_SCHEMA, type Envelope } from './envelope.js';

const sampleEnvelope = (): Envelope => ({
  schema: ENVELOPE_SCHEMA,
  collector: 'aws-iam-credential-report',
  collectorVersion: '1.0.0',
  scope: { account: '123456789012', region: 'global' },
  observedAt: '2026-01-02T03:04:05.000Z',
  collectedAt: '2026-01-02T03:04:06.000Z',
  provenance: { identity: 'arn:aws:iam::123456789012:role/x', operations: [], complete: true },
  data: { users: [{ name: 'alice', mfa: true }] },
  errors: [],
});

// The exact refusals a collector author or an auditor sees: which path, which kind, and nothing silently dropped.
function issuesOf(fn: () => unknown, what = 'JSON value'): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).message.startsWith(`${what} is invalid:`)).toBe(true);
    return (e as ValidationError).issues;
  }
  throw new Error('expected a ValidationError');
}

describe('canonicalBytes refusals', () => {
  it('names the path and the kind of every value JSON cannot carry', () => {
    expect(issuesOf(() => canonicalBytes({ a: { b: [1, new Date(0)] } }))).toEqual([
      '(root).a.b[1]: a Date is not JSON; use strings for times',
    ]);
    expect(issuesOf(() => canonicalBytes([Number.POSITIVE_INFINITY]))).toEqual([
      '(root)[0]: Infinity is not a finite number',
    ]);
    expect(issuesOf(() => canonicalBytes({ n: Number.NaN }))).toEqual([
      '(root).n: NaN is not a finite number',
    ]);
    expect(issuesOf(() => canonicalBytes(undefined))).toEqual([
      '(root): undefined is not JSON; use strings for times',
    ]);
    expect(issuesOf(() => canonicalBytes([undefined]))).toEqual([
      '(root)[0]: undefined is not JSON; use strings for times',
    ]);
    expect(issuesOf(() => canonicalBytes({ f: () => 1 }))).toEqual([
      '(root).f: function is not JSON; use strings for times',
    ]);
    expect(issuesOf(() => canonicalBytes({ big: 1n }))).toEqual([
      '(root).big: bigint is not JSON; use strings for times',
    ]);
    expect(issuesOf(() => canonicalBytes({ m: new Map() }))).toEqual([
      '(root).m: object is not JSON; use strings for times',
    ]);
    expect(issuesOf(() => canonicalBytes(Object.create(null) as object))).toEqual([
      '(root): object is not JSON; use strings for times',
    ]);
  });

  it('carries every JSON value and leaves out undefined object members, as JSON.stringify does', () => {
    expect(
      canonicalBytes({ z: null, y: 's', x: true, w: false, v: [], u: {}, gone: undefined }).toString(),
    ).toBe('{"u":{},"v":[],"w":false,"x":true,"y":"s","z":null}');
    expect(canonicalBytes('é').toString()).toBe('"é"');
    expect(canonicalBytes(null).toString()).toBe('null');
    expect(canonicalBytes(-1.5).toString()).toBe('-1.5');
  });

  it('hashes strings and bytes alike, as lower-case hex', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(Buffer.from('abc'))).toBe(sha256Hex('abc'));
  });
});

describe('artifact refusals', () => {
  it('seals at exactly the size limit and refuses one byte more, saying both sizes', () => {
    const size = sealEnvelope(sampleEnvelope()).bytes.length;
    expect(sealEnvelope(sampleEnvelope(), size).bytes).toHaveLength(size);
    try {
      sealEnvelope(sampleEnvelope(), size - 1);
      throw new Error('expected ArtifactTooLargeError');
    } catch (e) {
      expect(e).toBeInstanceOf(ArtifactTooLargeError);
      expect((e as ArtifactTooLargeError).message).toBe(
        `artifact is ${size} bytes; the limit is ${size - 1} bytes`,
      );
    }
  });

  it('names both hashes on a mismatch and accepts bytes without an expected hash', () => {
    const sealed = sealEnvelope(sampleEnvelope());
    const other = '0'.repeat(64);
    try {
      openArtifact(sealed.bytes, other);
      throw new Error('expected IntegrityError');
    } catch (e) {
      expect(e).toBeInstanceOf(IntegrityError);
      const err = e as IntegrityError;
      expect(err.check).toBe('artifact-hash');
      expect(err.message).toBe(`artifact hash mismatch: expected ${other}, got ${sealed.sha256}`);
      expect(err.details).toMatchObject({ expected: other, actual: sealed.sha256 });
    }
    const opened = openArtifact(sealed.bytes);
    expect(opened.sha256).toBe(sealed.sha256);
    expect(opened.bytes).toBe(sealed.bytes);
  });

  it('refuses canonical JSON that is not an envelope, and names non-canonical bytes by their hash', () => {
    const notEnvelope = canonicalBytes({ hello: 'world' });
    const issues = issuesOf(() => openArtifact(notEnvelope), 'evidence envelope');
    expect(issues.length).toBeGreaterThan(0);
    expect(issuesOf(() => openArtifact(Buffer.from('{')), 'evidence artifact')).toEqual(['(root): not JSON']);
    try {
      openArtifact(Buffer.from('{'));
    } catch (e) {
      expect((e as ValidationError).cause).toBeInstanceOf(SyntaxError);
    }
    const pretty = Buffer.from(JSON.stringify(sampleEnvelope(), null, 2));
    try {
      openArtifact(pretty);
      throw new Error('expected IntegrityError');
    } catch (e) {
      expect((e as IntegrityError).check).toBe('canonical-form');
      expect((e as IntegrityError).message).toBe('artifact bytes are not RFC 8785 canonical JSON');
      expect((e as IntegrityError).details).toMatchObject({ sha256: sha256Hex(pretty) });
    }
  });

  it('refuses an envelope that fails the schema with the schema issues', () => {
    const issues = issuesOf(
      () => sealEnvelope({ ...sampleEnvelope(), collector: 'Not Kebab' }),
      'evidence envelope',
    );
    expect(issues.join('\n')).toMatch(/^collector: /m);
  });
});
