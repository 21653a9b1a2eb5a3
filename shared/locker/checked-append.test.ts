import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { IntegrityError, NotFoundError, ValidationError } from '../errors.js';
import { sealEnvelope } from '../evidence/artifact.js';
import { ENVELOPE_SCHEMA } from '../evidence/envelope.js';
import { checkedAppender } from '../ledger/append-request.js';
import { artifactKey } from '../store/types.js';
import { openLocker } from './locker.js';

// The local locker's in-process sequencer step (what `collect` appends through): the sequencer's checks, then the
// SQLite log. A refused record leaves the log as it was.

const at = '2026-03-01T10:00:00.000Z';
const sealed = (n: number) =>
  sealEnvelope({
    schema: ENVELOPE_SCHEMA,
    collector: 'aws-iam-password-policy',
    collectorVersion: '1.0.0',
    scope: { account: '123456789012', region: 'global' },
    observedAt: at,
    collectedAt: at,
    provenance: { identity: 'arn:aws:iam::123456789012:user/test', operations: [], complete: true },
    data: { n },
    errors: [],
  });
const record = (sha256: string, key: string) => ({
  sha256,
  key,
  collector: 'aws-iam-password-policy',
  scope: 'account=123456789012,region=global',
  observedAt: at,
  collectedAt: at,
});

describe('checkedAppender on the local locker', () => {
  it('appends a stored object and refuses missing, mismatched and malformed requests without appending', async () => {
    const locker = await openLocker(join(await mkdtemp(join(tmpdir(), 'flux-checked-')), 'locker'));
    try {
      const appender = checkedAppender(locker.ledger, locker.store);
      const a = sealed(1);
      const stored = await locker.store.put(a);
      expect(await appender.append(record(a.sha256, stored.key))).toEqual({ index: 0 });

      const missing = sealed(2);
      const missingKey = artifactKey('aws-iam-password-policy', at, missing.sha256);
      await expect(appender.append(record(missing.sha256, missingKey))).rejects.toBeInstanceOf(NotFoundError);

      const swapped = sealed(3);
      const swappedKey = artifactKey('aws-iam-password-policy', at, swapped.sha256);
      await writeFile(join(locker.root, swappedKey), sealed(4).bytes);
      await chmod(join(locker.root, swappedKey), 0o444);
      await expect(appender.append(record(swapped.sha256, swappedKey))).rejects.toBeInstanceOf(
        IntegrityError,
      );

      await expect(appender.append(record(missing.sha256, stored.key))).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(appender.append({ ...record(a.sha256, stored.key), collector: 'other' })).rejects.toThrow(
        /names another collector/,
      );
      expect((await locker.ledger.head()).treeSize).toBe(1);
    } finally {
      locker.close();
    }
  });
});
