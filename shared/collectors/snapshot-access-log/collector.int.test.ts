import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from '@jest/globals';
import { awsTestConfig } from '../../../test/harness/aws.js';
import { MemoryLedger, MemoryStore } from '../../snapshot/testing/memory.js';
import { runCollector } from '../../kernel/runner.js';
import { collector } from './collector.js';
import { schema } from './schema.js';

const OWNER = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
const KEY = 'snapshots/acme-soc2-2026/soc2-2017/2026-01-01_2026-03-31/20260401T090000Z-1a2b3c4d.zip';
const line = (time: string, op: string, key: string, status = 200) =>
  `${OWNER} flux-evidence-123456789012 [${time} +0000] 203.0.113.7 arn:aws:sts::123456789012:assumed-role/flux-snapshot-api/issuer 9D2F${time.slice(0, 2)}${op.length} ${op} ${key} "GET /${key}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=${'ab'.repeat(32)} HTTP/1.1" ${status} - 2048 2048 40 12 "-" "curl/8.5.0" - hostid= SigV4 TLS_AES_128_GCM_SHA256 QueryString flux-evidence-123456789012.s3.us-east-1.amazonaws.com TLSv1.3 - -`;

describe('snapshot-access-log collector', () => {
  it('stores issuances and the snapshot downloads found in new access-log objects', async () => {
    const cfg = awsTestConfig();
    const s3 = new S3Client(cfg);
    await s3.send(new CreateBucketCommand({ Bucket: 'flux-access-logs' }));
    const put = (k: string, body: string) =>
      s3.send(new PutObjectCommand({ Bucket: 'flux-access-logs', Key: k, Body: body }));
    await put(
      's3/2026-04-01-08-00-00-0A1B2C3D4E5F6A7B',
      line('01/Apr/2026:08:00:00', 'REST.GET.OBJECT', KEY),
    ); // before startAfter
    await put(
      's3/2026-04-01-10-00-00-1A1B2C3D4E5F6A7B',
      [
        line('01/Apr/2026:09:59:00', 'REST.GET.OBJECT', KEY),
        line('01/Apr/2026:09:59:30', 'REST.PUT.OBJECT', KEY),
      ].join('\n'),
    );
    await put(
      's3/2026-04-01-11-00-00-2A1B2C3D4E5F6A7B',
      [
        line('01/Apr/2026:10:30:00', 'REST.GET.OBJECT', 'evidence/aws-s3-buckets/x.json'),
        line('01/Apr/2026:10:31:00', 'REST.GET.OBJECT', KEY, 403),
      ].join('\n') + '\n',
    );
    const issuance = {
      snapshotKey: KEY,
      principal: 'arn:aws:sts::123456789012:assumed-role/acme-auditor/jane',
      engagement: 'acme-soc2-2026',
      issuedAt: '2026-04-01T09:00:00.000Z',
      expiresAt: '2026-04-01T10:00:00.000Z',
      expiresIn: 3600,
      requestedExpiresIn: 3600,
    };
    const out = await runCollector(
      collector,
      { account: '123456789012', region: 'us-east-1' },
      {
        store: new MemoryStore(),
        ledger: new MemoryLedger(),
        connection: { endpoint: cfg.endpoint, credentials: cfg.credentials, forcePathStyle: true },
        now: () => new Date('2026-04-01T11:05:00.000Z'),
        extras: {
          snapshotAccess: {
            issuances: [issuance],
            accessLogs: { bucket: 'flux-access-logs', prefix: 's3/', startAfter: 's3/2026-04-01-09' },
          },
        },
      },
    );
    expect(out.envelope.errors).toEqual([]);
    const data = schema.parse(out.envelope.data);
    expect(data.issuances).toEqual([issuance]);
    expect(data.downloads.map((d) => [d.time, d.httpStatus, d.complete])).toEqual([
      ['2026-04-01T09:59:00.000Z', 200, true],
      ['2026-04-01T10:31:00.000Z', 403, false],
    ]);
    expect(data.accessLogs).toEqual({
      bucket: 'flux-access-logs',
      prefix: 's3/',
      objects: 2,
      lastKey: 's3/2026-04-01-11-00-00-2A1B2C3D4E5F6A7B',
    });
    expect(out.envelope.provenance.operations.map((o) => o.operation)).toEqual(
      expect.arrayContaining(['ListObjectsV2', 'GetObject']),
    );
    expect(out.envelope.provenance.identity).toBe('derived');
  });
});
