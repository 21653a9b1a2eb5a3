import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { MemoryContentIndex } from '../../shared/kernel/content-index.js';
import { runCollector, type RunDeps } from '../../shared/kernel/runner.js';
import { defineCollector } from '../../shared/kernel/types.js';
import { sha256Hex } from '../../shared/evidence/canonical.js';
import { appendRequest, queueAppender } from '../../shared/ledger/append-request.js';
import { encodeStatement } from '../../shared/ledger/leaf.js';
import { statementKey } from '../../shared/manual/files.js';
import { leafHash, merkleRoot } from '../../shared/ledger/merkle.js';
import { SqsAppendQueue } from '../../shared/ledger/sqs-append-queue.js';
import { S3BlobStore } from '../../shared/manual/blob-store.js';
import { S3EvidenceStore } from '../../shared/store/s3-store.js';
import { createSequencerHandler } from './handler.js';
import { sequencerOnMoto } from './test-sequencer.js';

const unchanging = defineCollector({
  meta: {
    id: 'github-branch-protection',
    version: '1.0.0',
    title: 'Branch protection',
    source: 'github',
    scope: 'org',
    schedule: 'rate(1 day)',
    ttlHours: 48,
    permissions: [],
  },
  schema: z.object({ protected: z.boolean() }),
  collect: () => Promise.resolve({ data: { protected: true } }),
});

describe('sequencer: observation statement leaves (moto: SQS FIFO, S3, DynamoDB)', () => {
  it('appends a re-observation as a statement leaf and refuses one whose stored bytes do not match it', async () => {
    const t = await sequencerOnMoto();
    const queue = new SqsAppendQueue(t.sqs, t.queueUrl);
    const retention = { mode: 'COMPLIANCE' as const, days: 1 };
    const blobs = new S3BlobStore({ s3: t.s3, bucket: t.bucket, retention });
    const index = new MemoryContentIndex();
    const deps = (at: string): RunDeps => ({
      store: new S3EvidenceStore({ s3: t.s3, bucket: t.bucket, retention }),
      ledger: queueAppender(queue),
      index,
      statements: blobs,
      connection: {},
      now: () => new Date(at),
    });
    const first = await runCollector(unchanging, { org: 'acme' }, deps('2026-03-01T06:00:00.000Z'));
    const second = await runCollector(unchanging, { org: 'acme' }, deps('2026-03-02T06:00:00.000Z'));
    const obs = second.observation!;
    expect(obs.ledgerIndex).toBeUndefined(); // handed to the sequencer, not appended by the collector

    // Forged requests for stored observation statements: one claims another leaf hash than its bytes have, one
    // names another collector than the statement does (the sequencer reads and decodes the bytes).
    const forge = async (at: string, collector: string, claim?: string) => {
      const { bytes, sha256 } = encodeStatement({
        ...obs.statement,
        collector,
        collectedAt: at,
        observedAt: at,
      });
      const key = statementKey('observation', at, sha256);
      await blobs.put(key, bytes, 'application/json');
      const request = appendRequest({
        sha256,
        key,
        collector: 'github-branch-protection',
        scope: 'org=acme',
        observedAt: at,
        collectedAt: at,
        leafHash: claim ?? leafHash(bytes).toString('hex'),
      });
      await queue.enqueue(request);
      return key;
    };
    const otherLeaf = await forge('2026-03-03T06:00:00.000Z', 'github-branch-protection', sha256Hex('x'));
    const otherCollector = await forge('2026-03-04T06:00:00.000Z', 'aws-kms-keys');

    const handler = createSequencerHandler(
      () => t.deps,
      () => new Date('2026-03-02T06:05:00.000Z'),
    );
    expect(await handler()).toEqual({ treeSize: 2, appended: 2, refused: 2 });
    // The two requests sit in different FIFO message groups, so either may be appended first.
    const entry = (await t.deps.ledger.get(obs.sha256))!;
    const bytes = await blobs.get(obs.key, obs.sha256);
    expect(entry).toMatchObject({
      sha256: obs.sha256,
      key: obs.key,
      leafHash: leafHash(bytes).toString('hex'),
    });
    expect(await t.deps.ledger.entryAt(entry.index)).toEqual(entry);
    expect(await t.deps.ledger.entryAt(1 - entry.index)).toMatchObject({ sha256: first.sha256 });
    // The tree's root is over the artifact's leaf and the statement's bytes: anyone holding both recomputes it.
    const head = await t.deps.ledger.head();
    const leaves = [leafHash(Buffer.from(first.sha256, 'hex')), leafHash(bytes)];
    expect(head.rootHash).toBe(merkleRoot(entry.index === 1 ? leaves : leaves.reverse()).toString('hex'));
    const alerts = await t.alerts();
    const refused = alerts.events.find((e) => e['detail-type'] === 'AppendRefused')!.detail as {
      refused: Array<{ reason: string; key?: string }>;
    };
    // The queue hands messages back in no guaranteed order: compare the refusals as a set.
    expect(refused.refused).toHaveLength(2);
    expect(refused.refused).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reason: 'hash-mismatch', key: otherLeaf }),
        expect.objectContaining({ reason: 'hash-mismatch', key: otherCollector }),
      ]),
    );
    expect(JSON.stringify(refused)).toMatch(/stored observation is of aws-kms-keys/);
  });
});
