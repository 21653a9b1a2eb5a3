import { CreateKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { sha256Hex } from '../../evidence/canonical.js';
import type { LedgerRecord } from '../types.js';

/** A realistic ledger record for artifact number `n` (tests and benchmarks). */
export function sampleRecord(n: number, salt = 'a'): LedgerRecord {
  const sha256 = sha256Hex(`artifact-${salt}-${n}`);
  const collectedAt = new Date(Date.UTC(2026, 0, 2, 3, 4, 5) + n * 1000).toISOString();
  return {
    sha256,
    key: `evidence/aws-iam-credential-report/2026/01/02/${collectedAt}_${sha256}.json`,
    collector: 'aws-iam-credential-report',
    scope: 'account=123456789012,region=us-east-1',
    observedAt: collectedAt,
    collectedAt,
  };
}

/** Creates an ECDSA P-256 signing key and returns its ARN. */
export async function createSigningKey(kms: KMSClient): Promise<string> {
  const out = await kms.send(
    new CreateKeyCommand({
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      Description: 'flux-evidence checkpoint signing',
    }),
  );
  return out.KeyMetadata!.Arn!;
}
