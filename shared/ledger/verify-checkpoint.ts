import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import * as z from 'zod';
import { IntegrityError } from '../errors.js';
import { checkpointBytes } from './checkpoint-bytes.js';
import type { Checkpoint, SignedCheckpoint } from './types.js';

export { checkpointBytes };

const checkpointSchema = z.strictObject({
  origin: z.string().min(1),
  treeSize: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  rootHash: z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256'),
  timestamp: z.iso.datetime(),
});

const signedSchema = z.strictObject({
  checkpoint: checkpointSchema,
  signature: z.base64().min(1),
  keyId: z.string().min(1),
});

export interface VerifyCheckpointOptions {
  /** When given, the checkpoint must name this key. */
  readonly keyId?: string;
  /** When given, the checkpoint must come from this log. */
  readonly origin?: string;
}

/**
 * Verifies a signed checkpoint offline from the signer's SPKI public key PEM alone (ECDSA P-256,
 * SHA-256, DER signature). Returns the checkpoint; throws IntegrityError whose `check` is
 * `checkpoint-malformed`, `public-key-malformed`, `checkpoint-key`, `checkpoint-origin` or
 * `checkpoint-signature`.
 */
export function verifyCheckpoint(
  signed: unknown,
  publicKeyPem: string,
  options: VerifyCheckpointOptions = {},
): Checkpoint {
  const parsed = signedSchema.safeParse(signed);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new IntegrityError('checkpoint-malformed', `signed checkpoint is malformed: ${issues.join('; ')}`, {
      issues,
    });
  }
  const { checkpoint, signature, keyId } = parsed.data as SignedCheckpoint;
  const key = p256PublicKey(publicKeyPem);
  if (options.keyId !== undefined && keyId !== options.keyId) {
    throw new IntegrityError(
      'checkpoint-key',
      `checkpoint names key ${keyId}, not the expected ${options.keyId}`,
      {
        keyId,
        expected: options.keyId,
      },
    );
  }
  if (options.origin !== undefined && checkpoint.origin !== options.origin) {
    throw new IntegrityError(
      'checkpoint-origin',
      `checkpoint is from log ${checkpoint.origin}, not ${options.origin}`,
      {
        origin: checkpoint.origin,
        expected: options.origin,
      },
    );
  }
  const ok = verify(
    'sha256',
    checkpointBytes(checkpoint),
    { key, dsaEncoding: 'der' },
    Buffer.from(signature, 'base64'),
  );
  if (!ok) {
    throw new IntegrityError(
      'checkpoint-signature',
      `checkpoint signature does not verify with the given public key (tree size ${checkpoint.treeSize}, key ${keyId}): forged, altered or signed by another key`,
      { keyId, treeSize: checkpoint.treeSize, origin: checkpoint.origin },
    );
  }
  return checkpoint;
}

function p256PublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (cause) {
    throw new IntegrityError('public-key-malformed', 'public key is not a readable PEM', {}, { cause });
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new IntegrityError('public-key-malformed', 'public key is not an ECDSA P-256 key', {
      type: key.asymmetricKeyType,
      curve: key.asymmetricKeyDetails?.namedCurve,
    });
  }
  return key;
}
