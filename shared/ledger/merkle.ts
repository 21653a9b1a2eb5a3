import { hash as sha256Once } from 'node:crypto';
import { IntegrityError } from '../errors.js';

/**
 * RFC 9162 (Certificate Transparency v2, section 2.1) Merkle tree hashing, compact ranges and proof
 * generation. Written here because no well-kept npm package implements tree building and both
 * proofs exactly (checked: `@transmute/rfc9162` is 0.0.x and rebuilds proofs from the full entry
 * list; `@sigstore/verify` only verifies inclusion; `merkletreejs` does not use the RFC's
 * domain-separated, unbalanced tree). Verification lives in merkle-verify.ts.
 *
 * Nodes are addressed as (level, index): the perfect subtree at `level` covering leaves
 * [index * 2^level, (index + 1) * 2^level). Level 0 holds the leaf hashes.
 */
export const HASH_SIZE = 32;

/** MTH of the empty tree: SHA-256 of the empty string. */
export const EMPTY_ROOT: Buffer = sha256Once('sha256', Buffer.alloc(0), 'buffer');

// Preallocated prefix buffers: node and 32-byte leaf hashing copy into them and hash once.
const nodeScratch = Buffer.alloc(1 + 2 * HASH_SIZE);
nodeScratch[0] = 0x01;
const leafScratch = Buffer.alloc(1 + HASH_SIZE);
leafScratch[0] = 0x00;

/** Leaf hash: SHA-256(0x00 || bytes). */
export function leafHash(bytes: Uint8Array): Buffer {
  if (bytes.length === HASH_SIZE) {
    leafScratch.set(bytes, 1);
    return sha256Once('sha256', leafScratch, 'buffer');
  }
  const buf = Buffer.allocUnsafe(1 + bytes.length);
  buf[0] = 0x00;
  buf.set(bytes, 1);
  return sha256Once('sha256', buf, 'buffer');
}

/** Interior node hash: SHA-256(0x01 || left || right). Both inputs must be 32 bytes. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    throw new IntegrityError('hash-size', `node inputs must be ${HASH_SIZE} bytes`, {
      left: left.length,
      right: right.length,
    });
  }
  return hashChildren(left, right);
}

/** nodeHash without the size checks, for loops whose inputs were validated once (verification). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  nodeScratch.set(left, 1);
  nodeScratch.set(right, 1 + HASH_SIZE);
  return sha256Once('sha256', nodeScratch, 'buffer');
}

/** Decodes a 64-character hex hash; throws IntegrityError('malformed-hash') naming `what` otherwise. */
function hashFromHex(hex: string, what = 'hash'): Buffer {
  if (!/^[0-9a-f]{64}$/i.test(hex))
    throw new IntegrityError('malformed-hash', `${what} is not a 32-byte hex hash`, { what });
  return Buffer.from(hex, 'hex');
}

/** A perfect subtree's address. */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** A perfect-subtree node with its hash. */
export interface MerkleNode extends NodeId {
  readonly hash: Buffer;
}

/** Reads the stored hash of a perfect subtree (level 0 = leaf hashes). */
export type NodeAccessor = (level: number, index: number) => Uint8Array;

/** Bit `level` of n, for n up to 2^53 (bitwise operators would truncate to 32 bits). */
function bitSet(n: number, level: number): boolean {
  return Math.floor(n / 2 ** level) % 2 === 1;
}

/** Largest power of two strictly below n (n > 1). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Number of set bits of n (n up to 2^53). */
function popcount(n: number): number {
  let c = 0;
  for (let x = n; x > 0; x = Math.floor(x / 2)) c += x % 2;
  return c;
}

/**
 * The right edge of a tree of `size` leaves: one hash per set bit of `size`, largest subtree first
 * (at most log2 n hashes). Enough to append and to compute the root without reading the log.
 */
export class CompactRange {
  private constructor(
    private n: number,
    private readonly edge: Buffer[],
  ) {}

  static empty(): CompactRange {
    return new CompactRange(0, []);
  }

  /** Restores a range from its size and hashes (as stored on the ledger head). */
  static from(size: number, hashes: readonly Uint8Array[]): CompactRange {
    if (!Number.isSafeInteger(size) || size < 0 || hashes.length !== popcount(size)) {
      throw new IntegrityError(
        'compact-range',
        `a compact range of size ${size} needs ${popcount(size)} hashes`,
        {
          size,
          hashes: hashes.length,
        },
      );
    }
    return new CompactRange(
      size,
      hashes.map((h, i) => toHash(h, `compact range hash ${i}`)),
    );
  }

  get size(): number {
    return this.n;
  }

  /** The edge hashes, largest subtree first (copies). */
  hashes(): Buffer[] {
    return this.edge.map((h) => Buffer.from(h));
  }

  /** Appends a leaf hash; returns the perfect-subtree nodes (level >= 1) it completes, lowest first. */
  append(leaf: Uint8Array): MerkleNode[] {
    let hash = toHash(leaf, 'leaf hash');
    let index = this.n;
    const created: MerkleNode[] = [];
    for (let level = 0; bitSet(this.n, level); level++) {
      hash = nodeHash(this.edge.pop()!, hash);
      index = Math.floor(index / 2);
      created.push({ level: level + 1, index, hash });
    }
    this.edge.push(hash);
    this.n += 1;
    return created;
  }

  /** MTH of the leaves appended so far. */
  root(): Buffer {
    return foldRight(this.edge) ?? EMPTY_ROOT;
  }
}

/** MTH of a list of leaf hashes. */
export function merkleRoot(leafHashes: readonly Uint8Array[]): Buffer {
  const range = CompactRange.empty();
  for (const h of leafHashes) range.append(h);
  return range.root();
}

/** Perfect subtrees covering leaves [begin, end), largest first; their right fold is MTH(D[begin:end]). */
export function rangeNodes(begin: number, end: number): NodeId[] {
  const out: NodeId[] = [];
  for (let b = begin; b < end;) {
    let size = 1;
    while (b % (size * 2) === 0 && b + size * 2 <= end) size *= 2;
    out.push({ level: Math.log2(size), index: b / size });
    b += size;
  }
  return out;
}

/** A proof to be assembled: each element is the right fold of its perfect subtrees. */
export type ProofPlan = NodeId[][];

/** RFC 9162 2.1.3.1 PATH(m, D[n]) as node ids, leaf to root. */
export function inclusionPlan(index: number, treeSize: number): ProofPlan {
  assertSize(treeSize, 'tree size');
  if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) {
    throw new IntegrityError('inclusion-proof', `leaf ${index} is not in a tree of ${treeSize} leaves`, {
      index,
      treeSize,
    });
  }
  const siblings: ProofPlan = [];
  let begin = 0;
  let end = treeSize;
  while (end - begin > 1) {
    const k = splitPoint(end - begin);
    if (index - begin < k) {
      siblings.push(rangeNodes(begin + k, end));
      end = begin + k;
    } else {
      siblings.push(rangeNodes(begin, begin + k));
      begin += k;
    }
  }
  return siblings.reverse();
}

/** RFC 9162 2.1.4.1 PROOF(m, D[n]) as node ids. Empty when size1 is 0 or equals size2. */
export function consistencyPlan(size1: number, size2: number): ProofPlan {
  assertSize(size1, 'first tree size');
  assertSize(size2, 'second tree size');
  if (size1 > size2) {
    throw new IntegrityError('consistency-proof', `tree size ${size1} is larger than ${size2}`, {
      size1,
      size2,
    });
  }
  if (size1 === 0 || size1 === size2) return [];
  const out: ProofPlan = [];
  let m = size1;
  let begin = 0;
  let end = size2;
  let complete = true; // SUBPROOF's b: the old tree is the whole current subtree
  while (m !== end - begin) {
    const k = splitPoint(end - begin);
    if (m <= k) {
      out.push(rangeNodes(begin + k, end));
      end = begin + k;
    } else {
      out.push(rangeNodes(begin, begin + k));
      begin += k;
      m -= k;
      complete = false;
    }
  }
  if (!complete) out.push(rangeNodes(begin, end));
  return out.reverse();
}

/** Turns a plan into hashes, reading perfect subtrees through `getNode`. */
export function resolvePlan(plan: ProofPlan, getNode: NodeAccessor): Buffer[] {
  return plan.map((ids) =>
    foldRight(ids.map((id) => toHash(getNode(id.level, id.index), `node ${id.level}/${id.index}`)))!,
  );
}

/** Inclusion proof of leaf `index` in the tree of `treeSize` leaves, from stored perfect subtrees. */
export function inclusionProof(index: number, treeSize: number, getNode: NodeAccessor): Buffer[] {
  return resolvePlan(inclusionPlan(index, treeSize), getNode);
}

/** Consistency proof between tree sizes `size1` and `size2`, from stored perfect subtrees. */
export function consistencyProof(size1: number, size2: number, getNode: NodeAccessor): Buffer[] {
  return resolvePlan(consistencyPlan(size1, size2), getNode);
}

/** Unique node ids of a plan (what to fetch). */
export function planNodes(plan: ProofPlan): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const ids of plan) for (const id of ids) seen.set(`${id.level}/${id.index}`, id);
  return [...seen.values()];
}

function foldRight(hashes: readonly Uint8Array[]): Buffer | undefined {
  if (hashes.length === 0) return undefined;
  let acc: Buffer = Buffer.from(hashes[hashes.length - 1]!);
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i]!, acc);
  return acc;
}

/** Normalizes a hash input (bytes or hex) to a 32-byte Buffer. */
export function toHash(h: Uint8Array | string, what: string): Buffer {
  if (typeof h === 'string') return hashFromHex(h, what);
  if (h.length !== HASH_SIZE)
    throw new IntegrityError('malformed-hash', `${what} is ${h.length} bytes, not ${HASH_SIZE}`, { what });
  return Buffer.isBuffer(h) ? h : Buffer.from(h.buffer, h.byteOffset, h.byteLength);
}

function assertSize(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new IntegrityError('tree-size', `${what} ${n} is not a non-negative integer`, { what, n });
}
