import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, ValidationError } from '../errors.js';
import { createPresignClient, presignGet } from './presign.js';

const now = new Date('2026-04-01T09:00:00.000Z');
const client = (expiration?: Date) =>
  createPresignClient({
    region: 'eu-west-1',
    credentials: {
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'secret',
      ...(expiration ? { sessionToken: 'token', expiration } : {}),
    },
  });
const key = 'snapshots/acme-soc2-2026/soc2-2017/2026-01-01_2026-03-31/20260401T090000Z-1a2b3c4d.zip';
const query = (url: string) => new URL(url).searchParams;

describe('presignGet', () => {
  it('signs a GET of the key for the default hour, scoped to the region and s3', async () => {
    const out = await presignGet({ s3: client(), bucket: 'flux-evidence', key, now });
    const q = query(out.url);
    expect(new URL(out.url).pathname).toBe(`/${key}`);
    expect(q.get('X-Amz-Expires')).toBe('3600');
    expect(q.get('X-Amz-Date')).toBe('20260401T090000Z');
    expect(q.get('X-Amz-Credential')).toBe('AKIAEXAMPLE/20260401/eu-west-1/s3/aws4_request');
    expect(q.get('X-Amz-SignedHeaders')).toBe('host');
    expect(q.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(q.has('x-amz-checksum-crc32')).toBe(false);
    expect(out).toMatchObject({
      expiresIn: 3600,
      requestedExpiresIn: 3600,
      expiresAt: '2026-04-01T10:00:00.000Z',
    });
    expect(out.cappedBy).toBeUndefined();
  });

  it('signs up to 7 days and refuses more, or a non-integer, with a ValidationError', async () => {
    const week = await presignGet({ s3: client(), bucket: 'b', key, now, expiresIn: 604_800 });
    expect(query(week.url).get('X-Amz-Expires')).toBe('604800');
    await expect(presignGet({ s3: client(), bucket: 'b', key, now, expiresIn: 604_801 })).rejects.toThrow(
      ValidationError,
    );
    await expect(presignGet({ s3: client(), bucket: 'b', key, now, expiresIn: 0 })).rejects.toThrow(
      ValidationError,
    );
    await expect(presignGet({ s3: client(), bucket: 'b', key, now, expiresIn: 1.5 })).rejects.toThrow(
      ValidationError,
    );
  });

  it('caps the lifetime at the signing credentials expiry and at the engagement end, and says so', async () => {
    const creds = await presignGet({
      s3: client(new Date('2026-04-01T09:30:00Z')),
      bucket: 'b',
      key,
      now,
      expiresIn: 7200,
    });
    expect(query(creds.url).get('X-Amz-Expires')).toBe('1800');
    expect(query(creds.url).get('X-Amz-Security-Token')).toBe('token');
    expect(creds).toMatchObject({ expiresIn: 1800, requestedExpiresIn: 7200, cappedBy: ['credentials'] });
    const eng = await presignGet({
      s3: client(),
      bucket: 'b',
      key,
      now,
      expiresIn: 604_800,
      notAfter: new Date('2026-04-02T00:00:00Z'),
    });
    expect(eng).toMatchObject({
      expiresIn: 54_000,
      expiresAt: '2026-04-02T00:00:00.000Z',
      cappedBy: ['engagement'],
    });
  });

  it('refuses when the credentials have already expired', async () => {
    await expect(
      presignGet({ s3: client(new Date('2026-04-01T08:59:59Z')), bucket: 'b', key, now }),
    ).rejects.toThrow(/no lifetime left/);
  });

  it('refuses a client that would add request checksums', async () => {
    const s3 = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    await expect(presignGet({ s3, bucket: 'b', key, now })).rejects.toThrow(ConfigError);
  });
});
