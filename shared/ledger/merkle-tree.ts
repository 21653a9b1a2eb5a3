import { IntegrityError } from '../errors.js';
import {
  CompactRange,
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  rangeNodes,
  resolvePlan,
  toHash,
} from './merkle.js';

/**
 * An in-memory RFC 9162 Merkle tree that keeps every perfect subtree, so proofs for any earlier
 * tree size are read, not recomputed. For the local locker, tests and benchmarks.
 */
export class MerkleTree {
  private readonly levels: Buffer[][] = [[]];
  private readonly range = CompactRange.empty();

  /** Number of leaves. */
  get size(): number {
    return this.range.size;
  }

  /** Appends leaf bytes (hashed as SHA-256(0x00 || bytes)); returns the leaf's index. */
  append(bytes: Uint8Array): number {
    return this.appendLeafHash(leafHash(bytes));
  }

  /** Appends an already computed leaf hash; returns the leaf's index. */
  appendLeafHash(hash: Uint8Array): number {
    const h = Buffer.from(toHash(hash, 'leaf hash'));
    this.levels[0]!.push(h);
    for (const node of this.range.append(h)) (this.levels[node.level] ??= []).push(node.hash);
    return this.range.size - 1;
  }

  /** Hash of the perfect subtree (level, index); throws when it does not exist (yet). */
  readonly getNode = (level: number, index: number): Buffer => {
    const h = this.levels[level]?.[index];
    if (!h)
      throw new IntegrityError(
        'merkle-node-missing',
        `no perfect subtree at level ${level}, index ${index}`,
        { level, index },
      );
    return h;
  };

  /** Leaf hash at `index`. */
  leafHash(index: number): Buffer {
    return this.getNode(0, index);
  }

  /** MTH of the first `size` leaves (default: all). */
  root(size = this.size): Buffer {
    this.checkSize(size);
    if (size === this.size) return this.range.root();
    if (size === 0) return EMPTY_ROOT;
    return resolvePlan([rangeNodes(0, size)], this.getNode)[0]!;
  }

  /** Audit path of leaf `index` in the tree of `size` leaves. */
  inclusionProof(index: number, size = this.size): Buffer[] {
    this.checkSize(size);
    return inclusionProof(index, size, this.getNode);
  }

  /** Consistency proof between sizes `size1` and `size2`. */
  consistencyProof(size1: number, size2 = this.size): Buffer[] {
    this.checkSize(size2);
    return consistencyProof(size1, size2, this.getNode);
  }

  private checkSize(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) {
      throw new IntegrityError('tree-size', `tree size ${size} is outside 0..${this.size}`, {
        size,
        current: this.size,
      });
    }
  }
}
