/**
 * The ledger: an append-only, tamper-evident record of every stored artifact, kept as an RFC 9162
 * Merkle tree. Leaf n's bytes are the 32 raw bytes of artifact n's SHA-256, so anyone holding the
 * artifact can recompute its leaf hash: SHA-256(0x00 || sha256(artifact)).
 */
export interface LedgerRecord {
  readonly sha256: string;
  readonly key: string;
  readonly collector: string;
  /** Canonical scope key, e.g. `account=123456789012,region=us-east-1`. */
  readonly scope: string;
  readonly observedAt: string;
  readonly collectedAt: string;
  /**
   * Hex RFC 9162 leaf hash of a statement leaf (SHA-256(0x00 || statement bytes), see leaf.ts); absent for an
   * artifact leaf, whose leaf hash is SHA-256(0x00 || sha256 bytes). Build it with `statementRecord`.
   */
  readonly leafHash?: string;
}

export interface LedgerEntry extends LedgerRecord {
  readonly index: number;
  readonly storedAt: string;
}

export interface AppendResult {
  readonly index: number;
  /** False when the artifact was already in the ledger (idempotent retry). */
  readonly created: boolean;
  readonly entry: LedgerEntry;
}

/** The signed statement of the tree's state (checkpoint body, canonical JSON). */
export interface Checkpoint {
  readonly origin: string;
  readonly treeSize: number;
  /** Hex SHA-256 root (RFC 9162 MTH) of the first treeSize leaves. */
  readonly rootHash: string;
  readonly timestamp: string;
}

export interface SignedCheckpoint {
  readonly checkpoint: Checkpoint;
  /** Base64 DER ECDSA P-256 signature over the canonical JSON bytes of `checkpoint`. */
  readonly signature: string;
  /** Identifies the signing key (KMS key ARN or local key fingerprint). */
  readonly keyId: string;
}

/** Signs checkpoint and manifest bytes (ECDSA P-256, SHA-256, RAW message). */
export interface Signer {
  readonly keyId: string;
  sign(message: Uint8Array): Promise<Buffer>;
  /** SPKI public key, PEM. */
  publicKeyPem(): Promise<string>;
}

export interface Ledger {
  append(record: LedgerRecord): Promise<AppendResult>;
  /** Entry for an artifact hash, if recorded. */
  get(sha256: string): Promise<LedgerEntry | undefined>;
  entryAt(index: number): Promise<LedgerEntry | undefined>;
  /** Current tree size and root. */
  head(): Promise<{ treeSize: number; rootHash: string }>;
  /** Audit path (hex hashes) of leaf `index` in the tree of size `treeSize`. */
  inclusionProof(index: number, treeSize: number): Promise<string[]>;
  /** Consistency proof (hex hashes) between tree sizes `from` and `to`. */
  consistencyProof(from: number, to: number): Promise<string[]>;
  /** Signs and stores a checkpoint of the current head. */
  checkpoint(signer: Signer, now: Date): Promise<SignedCheckpoint>;
  /** The latest stored checkpoint whose timestamp is at or before `at` (or the latest of all). */
  latestCheckpoint(at?: Date): Promise<SignedCheckpoint | undefined>;
  /** Entries with index in [from, to). */
  entries(from: number, to: number): AsyncIterable<LedgerEntry>;
}
