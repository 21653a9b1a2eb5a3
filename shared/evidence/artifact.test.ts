import { describe, expect, it } from '@jest/globals';
import { ArtifactTooLargeError, IntegrityError, ValidationError } from '../errors.js';
import { canonicalBytes, sha256Hex } from './canonical.js';
import { openArtifact, sealEnvelope } from './artifact.js';
import { ENVELOPE_SCHEMA, type Envelope } from './envelope.js';

export const sampleEnvelope = (data: unknown = { users: [{ name: 'alice', mfa: true }] }): Envelope => ({
  schema: ENVELOPE_SCHEMA,
  collector: 'aws-iam-credential-report',
  collectorVersion: '1.0.0',
  scope: { account: '123456789012', region: 'global' },
  observedAt: '2026-01-02T03:04:05.000Z',
  collectedAt: '2026-01-02T03:04:06.000Z',
  provenance: { identity: 'arn:aws:iam::123456789012:role/x', operations: [], complete: true },
  data,
  errors: [],
});

describe('canonicalBytes', () => {
  it('sorts keys and formats numbers per RFC 8785', () => {
    expect(canonicalBytes({ b: 1, a: [1e21, 0.1, -0], c: 'é' }).toString()).toBe(
      '{"a":[1e+21,0.1,0],"b":1,"c":"é"}',
    );
  });
  it('matches the RFC 8785 section 3.2.2 example hash', () => {
    const input = {
      numbers: [333333333.33333329, 1e30, 4.5, 2e-3, 0.000000000000000000000000001],
      string: '\u20ac$\u000F\u000aA\'\u0042\u0022\u005c\\"\/',
      literals: [null, true, false],
    };
    expect(canonicalBytes(input).toString()).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });
  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalBytes({ t: new Date() })).toThrow(/a Date is not JSON/);
    expect(() => canonicalBytes({ n: Number.NaN })).toThrow(/not a finite number/);
  });
});

describe('sealEnvelope', () => {
  it('identifies an artifact by the SHA-256 of its canonical bytes', () => {
    const sealed = sealEnvelope(sampleEnvelope());
    expect(sealed.sha256).toBe(sha256Hex(canonicalBytes(sampleEnvelope())));
    expect(sealed.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
  it('refuses an envelope that fails the schema, naming every problem', () => {
    const bad = { ...sampleEnvelope(), collector: 'Not Kebab', observedAt: 'yesterday' } as Envelope;
    try {
      sealEnvelope(bad);
      throw new Error('expected a ValidationError');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues.join('\n')).toMatch(/collector: must be a kebab-case id/);
      expect((e as ValidationError).issues.join('\n')).toMatch(/observedAt/);
    }
  });
  it('refuses an oversized artifact', () => {
    expect(() => sealEnvelope(sampleEnvelope({ blob: 'x'.repeat(2000) }), 1000)).toThrow(
      ArtifactTooLargeError,
    );
  });
});

describe('openArtifact', () => {
  it('round-trips sealed bytes', () => {
    const sealed = sealEnvelope(sampleEnvelope());
    expect(openArtifact(sealed.bytes, sealed.sha256).envelope).toEqual(sealed.envelope);
  });
  it('detects a changed byte', () => {
    const sealed = sealEnvelope(sampleEnvelope());
    const tampered = Buffer.from(sealed.bytes);
    tampered[tampered.indexOf('alice')] = 'A'.charCodeAt(0);
    expect(() => openArtifact(tampered, sealed.sha256)).toThrow(IntegrityError);
  });
  it('refuses non-JSON and non-canonical bytes', () => {
    expect(() => openArtifact(Buffer.from('not json'))).toThrow(/not JSON/);
    const pretty = Buffer.from(JSON.stringify(sampleEnvelope(), null, 2));
    expect(() => openArtifact(pretty)).toThrow(/canonical/);
  });
});
