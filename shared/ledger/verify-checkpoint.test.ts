import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { IntegrityError } from '../errors.js';
import { keyFingerprint, LocalSigner } from './signer.js';
import { checkpointBytes, verifyCheckpoint } from './verify-checkpoint.js';
import type { Checkpoint, SignedCheckpoint } from './types.js';

const body: Checkpoint = {
  origin: 'flux-evidence/test',
  treeSize: 8,
  rootHash: '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  timestamp: '2026-01-02T03:04:05.000Z',
};

async function signWith(signer: LocalSigner, checkpoint: Checkpoint = body): Promise<SignedCheckpoint> {
  const signature = await signer.sign(checkpointBytes(checkpoint));
  return { checkpoint, signature: signature.toString('base64'), keyId: signer.keyId };
}

const failure = (fn: () => unknown): IntegrityError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof IntegrityError) return e;
    throw e;
  }
  throw new Error('expected an IntegrityError');
};

describe('LocalSigner and verifyCheckpoint', () => {
  const signer = LocalSigner.generate();

  it('signs canonical checkpoint bytes that verify from the PEM alone', async () => {
    const signed = await signWith(signer);
    const pem = await signer.publicKeyPem();
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(checkpointBytes(body).toString()).toBe(
      '{"origin":"flux-evidence/test","rootHash":"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328","timestamp":"2026-01-02T03:04:05.000Z","treeSize":8}',
    );
    expect(
      verifyCheckpoint(JSON.parse(JSON.stringify(signed)), pem, { keyId: signer.keyId, origin: body.origin }),
    ).toEqual(body);
    expect(signer.keyId).toBe(`local:${keyFingerprint(pem)}`);
  });

  it('round-trips a persisted private key', async () => {
    const again = LocalSigner.fromPrivateKeyPem(signer.privateKeyPem());
    expect(again.keyId).toBe(signer.keyId);
    expect(verifyCheckpoint(await signWith(again), await signer.publicKeyPem())).toEqual(body);
  });

  it('rejects an altered checkpoint as a bad signature', async () => {
    const signed = await signWith(signer);
    const pem = await signer.publicKeyPem();
    for (const checkpoint of [
      { ...body, treeSize: 9 },
      { ...body, rootHash: 'f'.repeat(64) },
      { ...body, origin: 'other' },
    ]) {
      const e = failure(() => verifyCheckpoint({ ...signed, checkpoint }, pem));
      expect(e.check).toBe('checkpoint-signature');
      expect(e.message).toMatch(/signature does not verify/);
    }
  });

  it('rejects a checkpoint re-signed with another key', async () => {
    const other = LocalSigner.generate();
    const pem = await signer.publicKeyPem();
    const resigned = { ...(await signWith(other)), keyId: signer.keyId };
    expect(failure(() => verifyCheckpoint(resigned, pem)).check).toBe('checkpoint-signature');
    const honest = await signWith(other);
    expect(failure(() => verifyCheckpoint(honest, pem, { keyId: signer.keyId })).check).toBe(
      'checkpoint-key',
    );
  });

  it('names malformed checkpoints, keys and the wrong origin', async () => {
    const signed = await signWith(signer);
    const pem = await signer.publicKeyPem();
    const malformed = failure(() =>
      verifyCheckpoint({ ...signed, checkpoint: { ...body, rootHash: 'xyz' } }, pem),
    );
    expect(malformed.check).toBe('checkpoint-malformed');
    expect(malformed.message).toMatch(/checkpoint.rootHash/);
    expect(failure(() => verifyCheckpoint({ ...signed, extra: 1 }, pem)).check).toBe('checkpoint-malformed');
    expect(failure(() => verifyCheckpoint('nope', pem)).check).toBe('checkpoint-malformed');
    expect(failure(() => verifyCheckpoint(signed, 'not a pem')).check).toBe('public-key-malformed');
    const { publicKey } = generateKeyPairSync('ed25519');
    const edPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(failure(() => verifyCheckpoint(signed, edPem)).message).toMatch(/not an ECDSA P-256 key/);
    expect(failure(() => verifyCheckpoint(signed, pem, { origin: 'flux-evidence/prod' })).check).toBe(
      'checkpoint-origin',
    );
  });

  it('refuses each malformed field by its path, before any signature check', async () => {
    const signed = await signWith(signer);
    const pem = await signer.publicKeyPem();
    const bad: Array<[unknown, RegExp]> = [
      [{ ...signed, checkpoint: { ...body, origin: '' } }, /^checkpoint\.origin: /],
      [{ ...signed, checkpoint: { ...body, treeSize: -1 } }, /^checkpoint\.treeSize: /],
      [{ ...signed, checkpoint: { ...body, treeSize: 1.5 } }, /^checkpoint\.treeSize: /],
      [{ ...signed, checkpoint: { ...body, treeSize: 2 ** 53 } }, /^checkpoint\.treeSize: /],
      [
        { ...signed, checkpoint: { ...body, rootHash: body.rootHash.toUpperCase() } },
        /^checkpoint\.rootHash: a lower-case hex SHA-256$/,
      ],
      [{ ...signed, checkpoint: { ...body, rootHash: `${body.rootHash}0` } }, /^checkpoint\.rootHash: /],
      [{ ...signed, checkpoint: { ...body, rootHash: `0${body.rootHash}` } }, /^checkpoint\.rootHash: /],
      [{ ...signed, checkpoint: { ...body, timestamp: '2026-01-02' } }, /^checkpoint\.timestamp: /],
      [{ ...signed, checkpoint: { ...body, extra: 1 } }, /^checkpoint: /],
      [{ ...signed, signature: '' }, /^signature: /],
      [{ ...signed, signature: 'not base64!' }, /^signature: /],
      [{ ...signed, keyId: '' }, /^keyId: /],
      [null, /^\(root\): /],
    ];
    for (const [input, issue] of bad) {
      const e = failure(() => verifyCheckpoint(input, pem));
      expect(e.check).toBe('checkpoint-malformed');
      const issues = e.details.issues as string[];
      expect(issues.length).toBeGreaterThan(0);
      expect(issues[0]).toMatch(issue);
      expect(e.message).toBe(`signed checkpoint is malformed: ${issues.join('; ')}`);
    }
    const two = failure(() => verifyCheckpoint({ ...signed, keyId: '', signature: '' }, pem));
    expect(two.message).toMatch(/^signed checkpoint is malformed: \S+: [^;]+; \S+: /);
    expect(verifyCheckpoint({ ...signed, checkpoint: body }, pem)).toEqual(body);
    const zero = { ...body, treeSize: 0 };
    expect(verifyCheckpoint(await signWith(signer, zero), pem)).toEqual(zero);
  });

  it('accepts the expected key and origin and names both sides when they differ', async () => {
    const signed = await signWith(signer);
    const pem = await signer.publicKeyPem();
    expect(verifyCheckpoint(signed, pem, { keyId: signer.keyId, origin: body.origin })).toEqual(body);
    const key = failure(() => verifyCheckpoint(signed, pem, { keyId: 'k-other' }));
    expect(key.message).toBe(`checkpoint names key ${signer.keyId}, not the expected k-other`);
    expect(key.details).toMatchObject({ keyId: signer.keyId, expected: 'k-other' });
    const origin = failure(() => verifyCheckpoint(signed, pem, { origin: 'flux-evidence/prod' }));
    expect(origin.message).toBe('checkpoint is from log flux-evidence/test, not flux-evidence/prod');
    expect(origin.details).toMatchObject({ origin: body.origin, expected: 'flux-evidence/prod' });
    const forged = failure(() => verifyCheckpoint({ ...signed, checkpoint: { ...body, treeSize: 9 } }, pem));
    expect(forged.message).toBe(
      `checkpoint signature does not verify with the given public key (tree size 9, key ${signer.keyId}): forged, altered or signed by another key`,
    );
    expect(forged.details).toMatchObject({ keyId: signer.keyId, treeSize: 9, origin: body.origin });
  });

  it('refuses EC keys on other curves and unreadable PEMs, naming what it got', async () => {
    const signed = await signWith(signer);
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    const p384 = failure(() =>
      verifyCheckpoint(signed, publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    );
    expect(p384.check).toBe('public-key-malformed');
    expect(p384.message).toBe('public key is not an ECDSA P-256 key');
    expect(p384.details).toMatchObject({ type: 'ec', curve: 'secp384r1' });
    const unreadable = failure(() => verifyCheckpoint(signed, 'not a pem'));
    expect(unreadable.message).toBe('public key is not a readable PEM');
    expect(unreadable.cause).toBeDefined();
  });
});
