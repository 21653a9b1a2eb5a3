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
});
