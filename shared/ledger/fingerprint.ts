import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

// Apart from signer.ts so the offline snapshot verifier (`flux-evidence verify`) does not load the KMS client.

/** Hex SHA-256 of a public key's DER SPKI encoding (the usual key fingerprint). */
export function keyFingerprint(key: KeyObject | string): string {
  const k = typeof key === 'string' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(k.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}
