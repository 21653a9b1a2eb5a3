import { describe, expect, it } from '@jest/globals';
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { prowlerRecord } from '../../shared/ingest/testing.js';
import { awsTestConfig } from '../../test/harness/aws.js';
import { platform } from '../collector/test-platform.js';
import { buildDropDeps } from './deps.js';
import type { DropResult } from './drop.js';
import { createDropHandler } from './handler.js';

// The drop function on moto: a dropped file goes through the real S3 read, create-only store and append queue,
// and the sequencer's drain appends it. moto's account 123456789012 is the configuration's ("current" mode).
const cfg = awsTestConfig();
const ACCOUNT = '123456789012';
const now = new Date('2026-03-02T00:00:00Z');
const context = { functionName: 'prowler-drop', awsRequestId: 'req-1' } as Context;
const objectCreated = (bucket: string, key: string) => ({
  id: `evt-${key}`,
  source: 'aws.s3',
  'detail-type': 'Object Created',
  detail: {
    bucket: { name: bucket },
    object: { key: encodeURIComponent(key).replace(/%2F/g, '/'), size: 1 },
  },
});

async function setup(name: string) {
  const p = await platform(name);
  const s3 = new S3Client({ ...cfg, forcePathStyle: true });
  const drop = `${name}-drop`;
  await s3.send(new CreateBucketCommand({ Bucket: drop }));
  const deps = { ...buildDropDeps(p.env), now: () => now };
  const handler = createDropHandler(() => deps);
  const put = async (key: string, body: string) => {
    await s3.send(new PutObjectCommand({ Bucket: drop, Key: key, Body: body }));
    return (await handler(objectCreated(drop, key), context)) as DropResult;
  };
  const evidence = async () => {
    const keys: string[] = [];
    for await (const k of p.store.list('prowler-ocsf-findings')) keys.push(k);
    return keys;
  };
  return { ...p, s3, drop, put, evidence, handler };
}

describe('Prowler drop function (moto)', () => {
  it('stores a dropped scan create-only and the sequencer logs it; a re-delivered event stores nothing new', async () => {
    const p = await setup('prowler-drop-good');
    const file = JSON.stringify([
      prowlerRecord(1, { account: ACCOUNT, status: 'FAIL' }),
      prowlerRecord(2, { account: ACCOUNT, check: 'kms_cmk_rotation_enabled' }),
    ]);
    const r = await p.put('ingest/prowler/2026-03-01 weekly.ocsf.json', file);
    expect(r).toMatchObject({
      outcome: 'stored',
      source: `s3://${p.drop}/ingest/prowler/2026-03-01 weekly.ocsf.json`,
    });
    if (r.outcome === 'refused') throw new Error('refused');
    // Collectors never write the log: until the sequencer drains the queue, nothing is logged.
    expect(await p.ledger.get(r.sha256)).toBeUndefined();
    await p.sequence();
    expect(await p.ledger.get(r.sha256)).toMatchObject({ collector: 'prowler-ocsf-findings', key: r.key });
    const stored = await p.store.get(r.key, r.sha256);
    expect(stored.envelope).toMatchObject({
      scope: { account: ACCOUNT, region: 'global' },
      provenance: { identity: 'prowler 5.46.0' },
      data: { tool: 'prowler', version: '5.46.0', findings: 2 },
    });
    const again = await p.put('ingest/prowler/2026-03-01 weekly.ocsf.json', file);
    expect(again).toMatchObject({ outcome: 'unchanged', sha256: r.sha256 });
    expect(await p.evidence()).toEqual([r.key]);
  });

  it('refuses a truncated file, a foreign account and a stale scan with their reasons, storing nothing and leaving the file', async () => {
    const p = await setup('prowler-drop-bad');
    const good = JSON.stringify([
      prowlerRecord(1, { account: ACCOUNT }),
      prowlerRecord(2, { account: ACCOUNT }),
    ]);
    const truncated = await p.put('ingest/prowler/truncated.ocsf.json', good.slice(0, -40));
    expect(truncated).toEqual({
      outcome: 'refused',
      source: `s3://${p.drop}/ingest/prowler/truncated.ocsf.json`,
      problems: [expect.stringMatching(/truncated: the array is not closed after 1 complete record/)],
    });
    const foreign = await p.put(
      'ingest/prowler/foreign.ocsf.json',
      JSON.stringify([prowlerRecord(1, { account: '999999999999' })]),
    );
    expect(foreign).toMatchObject({
      outcome: 'refused',
      problems: [
        expect.stringMatching(/account 999999999999, which is not in the configuration \(123456789012\)/),
      ],
    });
    const stale = await p.put(
      'ingest/prowler/stale.ocsf.json',
      JSON.stringify([prowlerRecord(1, { account: ACCOUNT, time: '2026-02-01T00:00:00Z' })]),
    );
    expect(stale).toMatchObject({
      outcome: 'refused',
      problems: [expect.stringMatching(/older than the freshness limit of 192 h/)],
    });
    await p.sequence();
    expect(await p.evidence()).toEqual([]);
    expect((await p.ledger.head()).treeSize).toBe(0);
    // The refused file stays where it was dropped (the bucket's lifecycle expires it).
    await expect(
      p.s3.send(new HeadObjectCommand({ Bucket: p.drop, Key: 'ingest/prowler/truncated.ocsf.json' })),
    ).resolves.toMatchObject({ ContentLength: good.length - 40 });
  });

  it('refuses an event for another prefix before reading anything', async () => {
    const p = await setup('prowler-drop-prefix');
    await expect(p.handler(objectCreated(p.drop, 'elsewhere/x.json'), context)).rejects.toThrow(
      /must be under ingest\/prowler\//,
    );
  });
});
