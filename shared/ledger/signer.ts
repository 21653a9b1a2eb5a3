import { createPublicKey, generateKeyPairSync, sign, type KeyObject, createPrivateKey } from 'node:crypto';
import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import { DependencyError } from '../errors.js';
import { keyFingerprint } from './fingerprint.js';
import type { Signer } from './types.js';

export { keyFingerprint };

/**
 * Signs with an asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY): ECDSA_SHA_256 over the RAW message,
 * so KMS hashes it (the one signing path: RAW behaves the same on KMS and moto). Messages must be at most
 * 4 KB, which checkpoints and the snapshot manifest statement (naming the manifest's SHA-256) are.
 */
export class KmsSigner implements Signer {
  private pem: Promise<string> | undefined;

  /** `keyId` is the key's ARN (preferred: it is what the checkpoint records), id or alias. */
  constructor(
    private readonly client: KMSClient,
    readonly keyId: string,
  ) {}

  async sign(message: Uint8Array): Promise<Buffer> {
    const out = await this.client.send(
      new SignCommand({
        KeyId: this.keyId,
        Message: message,
        MessageType: 'RAW',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    if (!out.Signature) throw new DependencyError('KMS Sign', `no signature returned for ${this.keyId}`);
    return Buffer.from(out.Signature);
  }

  /** The key's SPKI public key as PEM (fetched once). */
  publicKeyPem(): Promise<string> {
    this.pem ??= this.client.send(new GetPublicKeyCommand({ KeyId: this.keyId })).then((out) => {
      if (!out.PublicKey)
        throw new DependencyError('KMS GetPublicKey', `no public key returned for ${this.keyId}`);
      return spkiDerToPem(out.PublicKey);
    });
    return this.pem;
  }
}

/** A local ECDSA P-256 signer (node:crypto) for the local locker, tests and the demo. */
export class LocalSigner implements Signer {
  readonly keyId: string;
  private readonly publicKey: KeyObject;

  private constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
    this.keyId = `local:${keyFingerprint(this.publicKey)}`;
  }

  /** A fresh P-256 key pair. */
  static generate(): LocalSigner {
    return new LocalSigner(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey);
  }

  /** From a PKCS#8 (or SEC1) private key PEM. */
  static fromPrivateKeyPem(pem: string): LocalSigner {
    return new LocalSigner(createPrivateKey(pem));
  }

  async sign(message: Uint8Array): Promise<Buffer> {
    return sign('sha256', message, { key: this.privateKey, dsaEncoding: 'der' });
  }

  async publicKeyPem(): Promise<string> {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /** PKCS#8 PEM of the private key, to persist a local key. */
  privateKeyPem(): string {
    return this.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }
}

/** DER SPKI bytes to PEM. */
export function spkiDerToPem(der: Uint8Array): string {
  return createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
}
