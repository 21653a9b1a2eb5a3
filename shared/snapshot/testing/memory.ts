import { checkStoredHash } from '../../store/check.js';
import { IntegrityError, NotFoundError } from '../../errors.js';
import { openArtifact, type SealedArtifact } from '../../evidence/artifact.js';
import { canonicalBytes } from '../../evidence/canonical.js';
import { MerkleTree } from '../../ledger/merkle-tree.js';
import type {
  AppendResult,
  Ledger,
  LedgerEntry,
  LedgerRecord,
  SignedCheckpoint,
  Signer,
} from '../../ledger/types.js';
import { artifactKey, type EvidenceStore, type StoredArtifact } from '../../store/types.js';

/** An in-memory EvidenceStore (tests and benchmarks): same keys and read-back checks as the S3 store. */
export class MemoryStore implements EvidenceStore {
  readonly objects = new Map<string, Buffer>();

  async put(a: SealedArtifact): Promise<StoredArtifact> {
    const e = a.envelope as { collector: string; collectedAt: string; observedAt: string };
    const key = artifactKey(e.collector, e.collectedAt, a.sha256);
    const created = !this.objects.has(key);
    this.objects.set(key, a.bytes);
    return {
      key,
      sha256: a.sha256,
      size: a.bytes.length,
      collector: e.collector,
      collectedAt: e.collectedAt,
      observedAt: e.observedAt,
      created,
    };
  }

  async get(key: string, expectedSha256?: string): Promise<SealedArtifact> {
    const bytes = this.objects.get(key);
    if (!bytes) throw new NotFoundError('artifact', key);
    return openArtifact(bytes, expectedSha256);
  }

  async getBytes(key: string, expectedSha256: string): Promise<Buffer> {
    const bytes = this.objects.get(key);
    if (!bytes) throw new NotFoundError('artifact', key);
    return checkStoredHash(key, bytes, expectedSha256);
  }

  async *list(collector?: string): AsyncIterable<string> {
    for (const k of this.objects.keys()) if (!collector || k.startsWith(`evidence/${collector}/`)) yield k;
  }
}

/** An in-memory Ledger over MerkleTree (tests and benchmarks). */
export class MemoryLedger implements Ledger {
  readonly tree = new MerkleTree();
  private readonly byIndex: LedgerEntry[] = [];
  private readonly byHash = new Map<string, LedgerEntry>();
  private readonly checkpoints: SignedCheckpoint[] = [];

  constructor(readonly origin = 'flux-evidence/test-log') {}

  async append(record: LedgerRecord, storedAt = record.collectedAt): Promise<AppendResult> {
    const existing = this.byHash.get(record.sha256);
    if (existing) return { index: existing.index, created: false, entry: existing };
    const index = this.tree.append(Buffer.from(record.sha256, 'hex'));
    const entry: LedgerEntry = { ...record, index, storedAt };
    this.byIndex.push(entry);
    this.byHash.set(record.sha256, entry);
    return { index, created: true, entry };
  }

  /**
   * Appends a typed statement leaf (shared/ledger/leaf.ts): the leaf bytes are the statement's bytes, and the entry
   * records its kind, as the sequencer does.
   */
  async appendStatement(record: LedgerRecord & { kind: string }, bytes: Buffer): Promise<LedgerEntry> {
    const index = this.tree.append(bytes);
    const entry = { ...record, index, storedAt: record.collectedAt } as LedgerEntry;
    this.byIndex.push(entry);
    this.byHash.set(record.sha256, entry);
    return entry;
  }

  async get(sha256: string): Promise<LedgerEntry | undefined> {
    return this.byHash.get(sha256);
  }

  async entryAt(index: number): Promise<LedgerEntry | undefined> {
    return this.byIndex[index];
  }

  async head(): Promise<{ treeSize: number; rootHash: string }> {
    return { treeSize: this.tree.size, rootHash: this.tree.root().toString('hex') };
  }

  async inclusionProof(index: number, treeSize: number): Promise<string[]> {
    return this.tree.inclusionProof(index, treeSize).map((h) => h.toString('hex'));
  }

  async consistencyProof(from: number, to: number): Promise<string[]> {
    return this.tree.consistencyProof(from, to).map((h) => h.toString('hex'));
  }

  async checkpoint(signer: Signer, now: Date): Promise<SignedCheckpoint> {
    const checkpoint = {
      origin: this.origin,
      treeSize: this.tree.size,
      rootHash: this.tree.root().toString('hex'),
      timestamp: now.toISOString(),
    };
    const signature = (await signer.sign(canonicalBytes(checkpoint))).toString('base64');
    const signed = { checkpoint, signature, keyId: signer.keyId };
    if (this.checkpoints.some((c) => c.checkpoint.timestamp > checkpoint.timestamp)) {
      throw new IntegrityError('checkpoint-order', 'checkpoints must be made in time order');
    }
    this.checkpoints.push(signed);
    return signed;
  }

  async latestCheckpoint(at?: Date): Promise<SignedCheckpoint | undefined> {
    const limit = at?.toISOString();
    return this.checkpoints.filter((c) => limit === undefined || c.checkpoint.timestamp <= limit).at(-1);
  }

  async *entries(from: number, to: number): AsyncIterable<LedgerEntry> {
    for (let i = from; i < Math.min(to, this.byIndex.length); i++) yield this.byIndex[i]!;
  }
}
