import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  GetBucketEncryptionCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { awsTestConfig } from '../../test/harness/aws.js';
import {
  ArtifactTooLargeError,
  ConfigError,
  IntegrityError,
  NotFoundError,
  ValidationError,
} from '../errors.js';
import { canonicalBytes, sha256Hex } from '../evidence/canonical.js';
import { sealEnvelope, type SealedArtifact } from '../evidence/artifact.js';
import { ENVELOPE_SCHEMA, type Envelope } from '../evidence/envelope.js';
import { ensureEvidenceBucket } from './evidence-bucket.js';
import { S3EvidenceStore } from './s3-store.js';

const s3 = new S3Client(awsTestConfig());
const kms = new KMSClient(awsTestConfig());
const NOW = new Date('2030-01-01T00:00:00.000Z');
const clock = () => NOW;
const LOCKED = 'flux-evidence-locked';
const UNLOCKED = 'flux-evidence-unlocked';

const envelope = (
  data: unknown = { users: [{ name: 'alice', mfa: true }] },
  over: Partial<Envelope> = {},
): Envelope => ({
  schema: ENVELOPE_SCHEMA,
  collector: 'aws-iam-credential-report',
  collectorVersion: '1.0.0',
  scope: { account: '123456789012', region: 'global' },
  observedAt: '2026-01-02T03:04:05.000Z',
  collectedAt: '2026-01-02T03:04:06.000Z',
  provenance: { identity: 'arn:aws:iam::123456789012:role/collector', operations: [], complete: true },
  data,
  errors: [],
  ...over,
});

const versionsOf = async (bucket: string, key: string) =>
  (await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }))).Versions ?? [];
const keysIn = async (bucket: string) =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key);
const collect = async (it: AsyncIterable<string>) => {
  const out: string[] = [];
  for await (const k of it) out.push(k);
  return out;
};
const expectIntegrityError = async (p: Promise<unknown>, key: string): Promise<IntegrityError> => {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IntegrityError);
  expect((error as IntegrityError).message).toContain(key);
  expect((error as IntegrityError).details.key).toBe(key);
  return error as IntegrityError;
};

let kmsKeyArn: string;
beforeAll(async () => {
  const key = await kms.send(new CreateKeyCommand({ Description: 'flux evidence test key' }));
  kmsKeyArn = key.KeyMetadata!.Arn!;
  await ensureEvidenceBucket(s3, LOCKED, { objectLock: { days: 1 }, kmsKeyId: kmsKeyArn });
  await ensureEvidenceBucket(s3, UNLOCKED, { objectLock: false });
});

describe('ensureEvidenceBucket', () => {
  it('creates a locked, versioned, KMS-encrypted, private bucket', async () => {
    const lock = await s3.send(new GetObjectLockConfigurationCommand({ Bucket: LOCKED }));
    expect(lock.ObjectLockConfiguration).toMatchObject({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } },
    });
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: LOCKED }))).Status).toBe('Enabled');
    const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket: LOCKED }));
    expect(enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: kmsKeyArn,
    });
    const pab = await s3.send(new GetPublicAccessBlockCommand({ Bucket: LOCKED }));
    expect(pab.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
  });

  it('is idempotent and rejects unknown options', async () => {
    await expect(ensureEvidenceBucket(s3, UNLOCKED, { objectLock: false })).resolves.toBeUndefined();
    await expect(
      ensureEvidenceBucket(s3, UNLOCKED, { objectLock: false, tls: true } as never),
    ).rejects.toThrow(ConfigError);
  });
});

describe('S3EvidenceStore.put', () => {
  it('writes create-only with SHA-256 checksum, SSE-KMS, Object Lock retention and metadata', async () => {
    const store = new S3EvidenceStore({
      s3,
      bucket: LOCKED,
      kmsKeyId: kmsKeyArn,
      retention: { mode: 'COMPLIANCE', days: 30 },
      clock,
    });
    const sealed = sealEnvelope(envelope());

    const stored = await store.put(sealed);

    const key = `evidence/aws-iam-credential-report/2026/01/02/2026-01-02T03:04:06.000Z_${sealed.sha256}.json`;
    expect(stored).toEqual({
      key,
      sha256: sealed.sha256,
      size: sealed.bytes.length,
      collector: 'aws-iam-credential-report',
      collectedAt: '2026-01-02T03:04:06.000Z',
      observedAt: '2026-01-02T03:04:05.000Z',
      created: true,
    });
    const head = await s3.send(new HeadObjectCommand({ Bucket: LOCKED, Key: key, ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumSHA256).toBe(Buffer.from(sealed.sha256, 'hex').toString('base64'));
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
    expect(head.ObjectLockRetainUntilDate?.toISOString()).toBe('2030-01-31T00:00:00.000Z');
    expect(head.ServerSideEncryption).toBe('aws:kms');
    expect(head.SSEKMSKeyId).toBe(kmsKeyArn);
    expect(head.ContentType).toBe('application/json');
    expect(head.ContentLength).toBe(sealed.bytes.length);
    expect(head.Metadata).toEqual({
      collector: 'aws-iam-credential-report',
      'observed-at': '2026-01-02T03:04:05.000Z',
      sha256: sealed.sha256,
    });
  });

  it('returns the existing record (created=false) for an identical re-put and keeps one version', async () => {
    const store = new S3EvidenceStore({
      s3,
      bucket: LOCKED,
      retention: { mode: 'COMPLIANCE', days: 1 },
      clock,
    });
    const sealed = sealEnvelope(envelope({ run: 'retry' }));
    const first = await store.put(sealed);

    const again = await store.put(sealEnvelope(envelope({ run: 'retry' })));

    expect(again).toEqual({ ...first, created: false });
    expect(await versionsOf(LOCKED, first.key)).toHaveLength(1);
  });

  it('lays keys out by collector and UTC day of collectedAt, and lists them by prefix', async () => {
    const store = new S3EvidenceStore({ s3, bucket: UNLOCKED });
    const late = await store.put(
      sealEnvelope(
        envelope(
          { n: 1 },
          {
            collector: 'github-branch-protection',
            scope: { org: 'acme' },
            collectedAt: '2026-03-04T23:30:00-05:00',
          },
        ),
      ),
    );
    const early = await store.put(
      sealEnvelope(
        envelope(
          { n: 2 },
          {
            collector: 'github-branch-protection',
            scope: { org: 'acme' },
            collectedAt: '2026-03-04T01:00:00Z',
          },
        ),
      ),
    );

    expect(late.key).toBe(
      `evidence/github-branch-protection/2026/03/05/2026-03-05T04:30:00.000Z_${late.sha256}.json`,
    );
    expect(early.key).toBe(
      `evidence/github-branch-protection/2026/03/04/2026-03-04T01:00:00.000Z_${early.sha256}.json`,
    );
    expect(await collect(store.list('github-branch-protection'))).toEqual([early.key, late.key]);
    expect(await collect(store.list('github-branch-protection', '2026/03/05'))).toEqual([late.key]);
    expect(await collect(store.list('github-branch-protection', '2026/02'))).toEqual([]);
    await expect(collect(store.list(undefined, '2026/03'))).rejects.toThrow(ValidationError);
    expect((await store.get(late.key)).envelope.collectedAt).toBe('2026-03-04T23:30:00-05:00');
  });

  it('refuses a non-JSON payload, a schema failure and a hash mismatch before writing anything', async () => {
    const bucket = 'flux-evidence-refusals';
    await ensureEvidenceBucket(s3, bucket, { objectLock: false });
    const store = new S3EvidenceStore({ s3, bucket });
    const notJson = Buffer.from('collector=aws-iam-credential-report; not json');
    const badEnvelope = canonicalBytes({ ...envelope(), collector: 'Not Kebab', observedAt: 'yesterday' });
    const good = sealEnvelope(envelope());
    const forge = (bytes: Buffer, sha256 = sha256Hex(bytes)): SealedArtifact => ({
      envelope: envelope(),
      bytes,
      sha256,
    });

    await expect(store.put(forge(notJson))).rejects.toThrow(/not JSON/);
    await expect(store.put(forge(badEnvelope))).rejects.toThrow(ValidationError);
    await expect(store.put(forge(badEnvelope))).rejects.toThrow(/collector: must be a kebab-case id/);
    await expect(store.put(forge(Buffer.from(JSON.stringify(envelope(), null, 2))))).rejects.toThrow(
      /canonical/,
    );
    await expect(store.put(forge(good.bytes, sha256Hex('other')))).rejects.toThrow(IntegrityError);

    expect(await collect(store.list())).toEqual([]);
    expect(await keysIn(bucket)).toEqual([]);
  });

  it('refuses an artifact over the configured limit and one over the 50 MB default, writing nothing', async () => {
    const bucket = 'flux-evidence-oversize';
    await ensureEvidenceBucket(s3, bucket, { objectLock: false });
    const small = new S3EvidenceStore({ s3, bucket, maxArtifactBytes: 1024 });
    await expect(small.put(sealEnvelope(envelope({ blob: 'x'.repeat(2048) })))).rejects.toThrow(
      ArtifactTooLargeError,
    );
    await expect(small.put(sealEnvelope(envelope({ blob: 'x'.repeat(100) })))).resolves.toMatchObject({
      created: true,
    });

    const huge = sealEnvelope(envelope({ blob: 'x'.repeat(50 * 1024 * 1024) }), Number.POSITIVE_INFINITY);
    const error = await new S3EvidenceStore({ s3, bucket }).put(huge).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArtifactTooLargeError);
    expect(error).toMatchObject({ size: huge.bytes.length, limit: 50 * 1024 * 1024 });

    expect(await keysIn(bucket)).toHaveLength(1);
  });

  it('rejects unknown and invalid options, listing each', () => {
    expect(() => new S3EvidenceStore({ s3, bucket: LOCKED, kmsKeyID: 'typo' } as never)).toThrow(/kmsKeyID/);
    expect(
      () =>
        new S3EvidenceStore({
          s3: {} as S3Client,
          bucket: 'Bad_Bucket',
          retention: { mode: 'X', days: 0 },
        } as never),
    ).toThrow(ConfigError);
  });
});

describe('S3EvidenceStore.get', () => {
  it('reads back a verified artifact and checks an expected hash', async () => {
    const store = new S3EvidenceStore({ s3, bucket: UNLOCKED });
    const sealed = sealEnvelope(envelope({ read: true }));
    const { key } = await store.put(sealed);

    const read = await store.get(key, sealed.sha256);

    expect(read.bytes.equals(sealed.bytes)).toBe(true);
    expect(read.envelope).toEqual(sealed.envelope);
    const mismatch = await expectIntegrityError(store.get(key, sha256Hex('another artifact')), key);
    expect(mismatch.check).toBe('expected-hash');
  });

  it('throws IntegrityError naming the key when a stored byte changed, and never overwrites it', async () => {
    const store = new S3EvidenceStore({ s3, bucket: UNLOCKED });
    const sealed = sealEnvelope(envelope({ users: [{ name: 'mallory', mfa: false }] }));
    const { key } = await store.put(sealed);
    const tampered = Buffer.from(sealed.bytes.toString('utf8').replace('"mfa":false', '"mfa":true '));
    expect(tampered).toHaveLength(sealed.bytes.length);
    await s3.send(
      new PutObjectCommand({ Bucket: UNLOCKED, Key: key, Body: tampered, ChecksumAlgorithm: 'SHA256' }),
    );

    const error = await expectIntegrityError(store.get(key), key);
    expect(error.check).toBe('artifact-hash');
    expect(error.details).toMatchObject({
      bucket: UNLOCKED,
      expected: sealed.sha256,
      actual: sha256Hex(tampered),
    });

    const rePut = await expectIntegrityError(store.put(sealed), key);
    expect(rePut.check).toBe('existing-object-differs');
    expect(await versionsOf(UNLOCKED, key)).toHaveLength(2);
  });

  it('detects tampering even when the stored S3 checksum was forged to match the key', async () => {
    const store = new S3EvidenceStore({ s3, bucket: UNLOCKED });
    const sealed = sealEnvelope(envelope({ forged: 'before' }));
    const { key } = await store.put(sealed);
    const tampered = Buffer.from(sealed.bytes.toString('utf8').replace('before', 'after!'));
    const forgedChecksum = Buffer.from(sealed.sha256, 'hex').toString('base64');
    await s3.send(
      new PutObjectCommand({
        Bucket: UNLOCKED,
        Key: key,
        Body: tampered,
        ChecksumAlgorithm: 'SHA256',
        ChecksumSHA256: forgedChecksum,
      }),
    );

    const error = await expectIntegrityError(store.get(key), key);
    // The SDK's response-checksum validation (ChecksumMode ENABLED) trips first; the rehash would catch it next.
    expect(error.check).toBe('transport-checksum');
  });

  it('refuses a malformed key and reports a missing one', async () => {
    const store = new S3EvidenceStore({ s3, bucket: UNLOCKED });
    await expect(store.get('evidence/../etc/passwd')).rejects.toThrow(ValidationError);
    const missing = `evidence/okta-users/2026/01/01/2026-01-01T00:00:00.000Z_${sha256Hex('missing')}.json`;
    await expect(store.get(missing)).rejects.toThrow(NotFoundError);
  });
});
