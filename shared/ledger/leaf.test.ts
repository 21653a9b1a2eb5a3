import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { decodeLeaf, encodeStatement, LEAF_SCHEMA, type Statement } from './leaf.js';

const observation: Statement = {
  leaf: LEAF_SCHEMA,
  kind: 'observation',
  collector: 'aws-s3-buckets',
  scope: 'account=123456789012,region=eu-west-1',
  artifactSha256: 'a'.repeat(64),
  observedAt: '2026-11-01T00:00:00.000Z',
  collectedAt: '2026-11-01T00:00:05.000Z',
  runId: 'run-1',
};

describe('leaf statements', () => {
  it('encodes a statement canonically and names it by the SHA-256 of those bytes', () => {
    const { bytes, sha256 } = encodeStatement(observation);
    expect(bytes.toString('utf8').startsWith('{"artifactSha256":')).toBe(true);
    expect(sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(decodeLeaf(bytes)).toEqual(observation);
  });

  it('reads 32 raw bytes as an artifact leaf', () => {
    const raw = Buffer.alloc(32, 0xab);
    expect(decodeLeaf(raw)).toEqual({ kind: 'artifact', sha256: 'ab'.repeat(32) });
  });

  it('refuses a statement that is not canonical, unknown or malformed', () => {
    const pretty = Buffer.from(JSON.stringify(observation, null, 2));
    expect(() => decodeLeaf(pretty)).toThrow(/canonical/);
    expect(() => decodeLeaf(Buffer.from('{"leaf":"flux.leaf/v1","kind":"nope"}'))).toThrow(/flux.leaf\/v1/);
    expect(() => decodeLeaf(Buffer.from('not json at all, and not 32 bytes'))).toThrow(/neither/);
    expect(() => encodeStatement({ ...observation, artifactSha256: 'xyz' } as Statement)).toThrow(
      /observation/,
    );
  });
});
