import { generateKeyPairSync } from 'node:crypto';
import { chmod, mkdtemp, readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConflictError, ValidationError } from '../errors.js';
import { sealEnvelope } from '../evidence/artifact.js';
import { ENVELOPE_SCHEMA, type Envelope } from '../evidence/envelope.js';
import { verifyArtifactInclusion, verifyLog } from '../ledger/audit.js';
import { keyFingerprint } from '../ledger/signer.js';
import { verifyCheckpoint } from '../ledger/verify-checkpoint.js';
import { resultAt } from '../mapping/results-store.contract.js';
import { loadOrCreateLocalKey, SIGNING_KEY_PATH } from './local-key.js';
import { openLocker } from './locker.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'flux-locker-'));

const envelope = (n: number): Envelope => ({
  schema: ENVELOPE_SCHEMA,
  collector: 'aws-iam-password-policy',
  collectorVersion: '1.0.0',
  scope: { account: '123456789012', region: 'global' },
  observedAt: `2026-03-0${n}T10:00:00.000Z`,
  collectedAt: `2026-03-0${n}T10:00:00.000Z`,
  provenance: { identity: 'arn:aws:iam::123456789012:user/test', operations: [], complete: true },
  data: { n },
  errors: [],
});

describe('openLocker', () => {
  it('creates the directory layout with a private signing key on first open', async () => {
    const root = join(await tempDir(), 'locker');
    const locker = await openLocker(root);
    locker.close();
    expect((await stat(join(root, 'evidence'))).isDirectory()).toBe(true);
    expect((await stat(join(root, 'ledger.db'))).isFile()).toBe(true);
    expect((await stat(join(root, 'keys'))).mode & 0o777).toBe(0o700);
    const key = await stat(join(root, SIGNING_KEY_PATH));
    expect(key.mode & 0o777).toBe(0o600);
    expect(await readFile(join(root, SIGNING_KEY_PATH), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(locker.ledger.origin).toMatch(/^flux-evidence\/locker\/[0-9a-f-]{36}$/);
  });

  it('stores, records, indexes and checkpoints evidence that verifies after reopening', async () => {
    const root = await tempDir();
    const first = await openLocker(root, { clock: () => new Date('2026-03-09T00:00:00.000Z') });
    const records = [];
    for (const n of [1, 2, 3]) {
      const sealed = sealEnvelope(envelope(n));
      const stored = await first.store.put(sealed);
      const scope = 'account=123456789012,region=global';
      const { index } = await first.ledger.append({ ...stored, scope });
      await first.index.put(stored.collector, scope, {
        sha256: stored.sha256,
        key: stored.key,
        contentHash: stored.sha256,
        observedAt: stored.observedAt,
        confirmedAt: stored.collectedAt,
      });
      records.push({ index, sha256: stored.sha256, key: stored.key });
    }
    await first.results.putResult(resultAt('2026-03-03T10:00:00.000Z', 'PASS'));
    const cp = await first.ledger.checkpoint(first.signer, new Date('2026-03-10T00:00:00.000Z'));
    const { origin, keyId } = { origin: first.ledger.origin, keyId: first.signer.keyId };
    first.close();

    const again = await openLocker(root);
    expect(again.ledger.origin).toBe(origin);
    expect(again.signer.keyId).toBe(keyId);
    const pem = await again.signer.publicKeyPem();
    expect(keyId).toBe(`local:${keyFingerprint(pem)}`);
    expect(verifyCheckpoint(await again.ledger.latestCheckpoint(), pem, { keyId, origin })).toEqual(
      cp.checkpoint,
    );
    expect(await verifyLog(again.ledger, cp, { publicKeyPem: pem })).toMatchObject({
      treeSize: 3,
      headSize: 3,
    });
    expect(records.map((x) => x.index)).toEqual([0, 1, 2]);
    for (const r of records) {
      verifyArtifactInclusion(r.sha256, r.index, await again.ledger.inclusionProof(r.index, 3), cp);
      expect((await again.store.get(r.key, r.sha256)).sha256).toBe(r.sha256);
    }
    expect(
      await again.index.latest('aws-iam-password-policy', 'account=123456789012,region=global'),
    ).toMatchObject({ sha256: records[2]!.sha256 });
    const results = [];
    for await (const r of again.results.results('IAM-04', '2026-03-01T00:00:00Z', '2026-03-31T00:00:00Z'))
      results.push(r);
    expect(results).toHaveLength(1);
    again.close();
  });

  it('refuses to reopen a locker under another origin', async () => {
    const root = await tempDir();
    (await openLocker(root, { origin: 'flux-evidence/acme' })).close();
    await expect(openLocker(root, { origin: 'flux-evidence/other' })).rejects.toThrow(ConflictError);
    const same = await openLocker(root);
    expect(same.ledger.origin).toBe('flux-evidence/acme');
    same.close();
  });
});

describe('loadOrCreateLocalKey', () => {
  it('gives processes that start together one and the same key', async () => {
    const root = await tempDir();
    const signers = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateLocalKey(root)));
    expect(new Set(signers.map((s) => s.keyId)).size).toBe(1);
    expect((await loadOrCreateLocalKey(root)).keyId).toBe(signers[0]!.keyId);
  });

  it('refuses a key that group or others can read', async () => {
    const root = await tempDir();
    await loadOrCreateLocalKey(root);
    await chmod(join(root, SIGNING_KEY_PATH), 0o644);
    await expect(loadOrCreateLocalKey(root)).rejects.toThrow(/readable by group or others \(mode 644\)/);
  });

  it('refuses a key that is not ECDSA P-256 or not a key at all', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'keys'), { mode: 0o700 });
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey;
    await writeFile(join(root, SIGNING_KEY_PATH), p384.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
    });
    await expect(loadOrCreateLocalKey(root)).rejects.toThrow(/not an ECDSA P-256 key \(curve secp384r1\)/);
    await writeFile(join(root, SIGNING_KEY_PATH), 'not a pem');
    await expect(loadOrCreateLocalKey(root)).rejects.toThrow(ValidationError);
  });
});
