import { describe, expect, it } from '@jest/globals';
import type { LatestArtifact } from '../kernel/content-index.js';
import { openSqlite } from './sqlite-db.js';
import { SqliteContentIndex } from './sqlite-content-index.js';

const latest = (n: number, confirmedAt: string): LatestArtifact => ({
  sha256: String(n).repeat(64).slice(0, 64),
  key: `evidence/aws-kms-keys/2026/03/0${n}/2026-03-0${n}T00:00:00.000Z_${String(n).repeat(64).slice(0, 64)}.json`,
  contentHash: String(n + 1)
    .repeat(64)
    .slice(0, 64),
  observedAt: `2026-03-0${n}T00:00:00.000Z`,
  confirmedAt,
});

describe('SqliteContentIndex', () => {
  it('returns the latest artifact per collector and scope, and nothing for an unseen pair', async () => {
    const index = new SqliteContentIndex(openSqlite(':memory:'));
    await index.put('aws-kms-keys', 'account=1,region=eu-west-1', latest(1, '2026-03-01T00:00:00.000Z'));
    await index.put('aws-kms-keys', 'account=1,region=us-east-1', latest(2, '2026-03-02T00:00:00.000Z'));
    expect(await index.latest('aws-kms-keys', 'account=1,region=eu-west-1')).toEqual(
      latest(1, '2026-03-01T00:00:00.000Z'),
    );
    expect(await index.latest('aws-kms-keys', 'account=2,region=eu-west-1')).toBeUndefined();
    expect(await index.latest('aws-rds-instances', 'account=1,region=eu-west-1')).toBeUndefined();
  });

  it('records a re-observation and never moves the pointer back in time', async () => {
    const index = new SqliteContentIndex(openSqlite(':memory:'));
    const scope = 'account=1,region=eu-west-1';
    await index.put('aws-kms-keys', scope, latest(3, '2026-03-03T00:00:00.000Z'));
    await index.put('aws-kms-keys', scope, latest(3, '2026-03-05T00:00:00.000Z'));
    expect((await index.latest('aws-kms-keys', scope))!.confirmedAt).toBe('2026-03-05T00:00:00.000Z');
    // An overlapping older run finishing late does not replace the newer pointer.
    await index.put('aws-kms-keys', scope, latest(2, '2026-03-04T00:00:00.000Z'));
    expect(await index.latest('aws-kms-keys', scope)).toEqual(latest(3, '2026-03-05T00:00:00.000Z'));
    await index.put('aws-kms-keys', scope, latest(4, '2026-03-06T00:00:00.000Z'));
    expect(await index.latest('aws-kms-keys', scope)).toEqual(latest(4, '2026-03-06T00:00:00.000Z'));
  });
});
