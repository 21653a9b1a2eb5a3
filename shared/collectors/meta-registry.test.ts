import { execFileSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { collectorMetas, getCollectorMeta } from './meta-registry.js';
import { collectors } from './registry.js';

describe('collector meta registry', () => {
  it("holds exactly the registry's collectors' meta, in the same order", () => {
    expect(collectorMetas).toEqual(collectors.map((c) => c.meta));
    expect(getCollectorMeta('aws-kms-keys')).toBe(collectors.find((c) => c.meta.id === 'aws-kms-keys')!.meta);
    expect(getCollectorMeta('aws-no-such')).toBeUndefined();
  });

  it('is current with the collector folders, with one Lambda entry per collector', () => {
    const out = execFileSync('npx', ['tsx', 'scripts/gen-registry.ts', '--check'], { encoding: 'utf8' });
    expect(out).toMatch(new RegExp(`registry: ${collectors.length} collectors, generated files current`));
  }, 60_000);
});
