import { describe, expect, it } from '@jest/globals';
import { canonicalBytes } from '../evidence/canonical.js';
import { SNAPSHOT_SCHEMA, manifestBytes, type Manifest } from './manifest.js';

const checkpoint = {
  checkpoint: {
    origin: 'flux/"files":[]',
    treeSize: 3,
    rootHash: 'a'.repeat(64),
    timestamp: '2027-01-01T00:00:00Z',
  },
  signature: 'c2ln',
  keyId: 'k',
};
const manifest: Manifest = {
  schema: SNAPSHOT_SCHEMA,
  framework: 'soc2-2017',
  window: { start: '2026-01-01', end: '2026-12-31', timeZone: 'Europe/Berlin' },
  controls: ['IAM-01', 'ünï'],
  createdAt: '2027-01-02T00:00:00.000Z',
  toolVersion: '0.1.0',
  checkpoint,
  startCheckpoint: checkpoint,
  files: [
    { path: 'evidence/a/2026/01/01/x_ab.json', sha256: 'b'.repeat(64), size: 100_000 },
    { path: 'index.html', sha256: 'c'.repeat(64), size: 0 },
    { path: 'proofs/inclusion/ab.json', sha256: 'd'.repeat(64), size: 123 },
  ],
};

describe('manifestBytes', () => {
  it('equals RFC 8785 canonical JSON of the whole manifest', () => {
    expect(manifestBytes(manifest).toString('utf8')).toBe(canonicalBytes(manifest).toString('utf8'));
  });

  it('equals canonical JSON with an empty file list', () => {
    const empty = { ...manifest, files: [] };
    expect(manifestBytes(empty).toString('utf8')).toBe(canonicalBytes(empty).toString('utf8'));
  });
});
