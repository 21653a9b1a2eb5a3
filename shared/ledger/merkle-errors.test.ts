import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { IntegrityError } from '../errors.js';
import {
  CompactRange,
  consistencyPlan,
  EMPTY_ROOT,
  HASH_SIZE,
  inclusionPlan,
  leafHash,
  merkleRoot,
  nodeHash,
  planNodes,
  rangeNodes,
  toHash,
} from './merkle.js';
import { MerkleTree } from './merkle-tree.js';
import { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './merkle-verify.js';

// What an operator or auditor sees when a proof or a stored hash is wrong: the check name, a message that
// says which value failed and why, and the details a report prints. merkle.test.ts covers the arithmetic.

function thrown(fn: () => unknown): IntegrityError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(IntegrityError);
    return e as IntegrityError;
  }
  throw new Error('expected an IntegrityError, nothing was thrown');
}

const tree = new MerkleTree();
for (let i = 0; i < 8; i++) tree.append(Buffer.from([i]));
const leaf = (i: number) => leafHash(Buffer.from([i]));
const hex32 = 'ab'.repeat(HASH_SIZE);

describe('merkle.ts errors', () => {
  it('hashes the empty tree as SHA-256 of nothing and a short leaf with the 0x00 prefix', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(merkleRoot([]).equals(EMPTY_ROOT)).toBe(true);
    expect(CompactRange.empty().root().equals(EMPTY_ROOT)).toBe(true);
    // 31 and 33 bytes take the general path, 32 the preallocated one: all three must agree with the RFC.
    for (const n of [31, 32, 33]) {
      const bytes = Buffer.alloc(n, 7);
      expect(leafHash(bytes).toString('hex')).toBe(leafHashNaive(bytes));
    }
  });

  it('refuses node inputs that are not 32 bytes, naming both lengths', () => {
    const e = thrown(() => nodeHash(Buffer.alloc(31), Buffer.alloc(32)));
    expect(e.check).toBe('hash-size');
    expect(e.message).toBe('node inputs must be 32 bytes');
    expect(e.details).toMatchObject({ left: 31, right: 32 });
    expect(thrown(() => nodeHash(Buffer.alloc(32), Buffer.alloc(33))).details).toMatchObject({ right: 33 });
    expect(nodeHash(Buffer.alloc(32), Buffer.alloc(32))).toHaveLength(32);
  });

  it('decodes hex hashes in either case and names the malformed one', () => {
    expect(toHash(hex32.toUpperCase(), 'x').toString('hex')).toBe(hex32);
    const e = thrown(() => toHash(`${hex32}00`, 'root hash'));
    expect(e.check).toBe('malformed-hash');
    expect(e.message).toBe('root hash is not a 32-byte hex hash');
    expect(e.details).toMatchObject({ what: 'root hash' });
    expect(thrown(() => toHash(`x${hex32.slice(1)}`, 'y')).check).toBe('malformed-hash');
    const b = thrown(() => toHash(Buffer.alloc(31), 'leaf hash'));
    expect(b.message).toBe('leaf hash is 31 bytes, not 32');
    expect(b.details).toMatchObject({ what: 'leaf hash' });
  });

  it('returns a Buffer view of a plain Uint8Array without copying', () => {
    const raw = new Uint8Array(40).fill(3).subarray(4, 36);
    const h = toHash(raw, 'x');
    expect(Buffer.isBuffer(h)).toBe(true);
    expect(h.equals(Buffer.from(raw))).toBe(true);
    raw[0] = 9;
    expect(h[0]).toBe(9);
  });

  it('says how many hashes a compact range needs and which stored hash is malformed', () => {
    const e = thrown(() => CompactRange.from(7, [leaf(0)]));
    expect(e.check).toBe('compact-range');
    expect(e.message).toBe('a compact range of size 7 needs 3 hashes');
    expect(e.details).toMatchObject({ size: 7, hashes: 1 });
    expect(thrown(() => CompactRange.from(-1, [])).check).toBe('compact-range');
    expect(thrown(() => CompactRange.from(1.5, [leaf(0)])).check).toBe('compact-range');
    const bad = thrown(() => CompactRange.from(3, [leaf(0), Buffer.alloc(5)]));
    expect(bad.message).toBe('compact range hash 1 is 5 bytes, not 32');
    expect(CompactRange.from(0, []).root().equals(EMPTY_ROOT)).toBe(true);
    // hashes() hands out copies: changing them cannot change the range.
    const r = CompactRange.from(1, [leaf(0)]);
    r.hashes()[0]!.fill(0);
    expect(r.root().equals(leaf(0))).toBe(true);
    expect(r.size).toBe(1);
  });

  it('names the leaf and tree size of an impossible inclusion plan', () => {
    const e = thrown(() => inclusionPlan(8, 8));
    expect(e.check).toBe('inclusion-proof');
    expect(e.message).toBe('leaf 8 is not in a tree of 8 leaves');
    expect(e.details).toMatchObject({ index: 8, treeSize: 8 });
    expect(thrown(() => inclusionPlan(-1, 8)).check).toBe('inclusion-proof');
    expect(thrown(() => inclusionPlan(0.5, 8)).check).toBe('inclusion-proof');
    expect(inclusionPlan(7, 8)).toHaveLength(3);
    expect(inclusionPlan(0, 1)).toEqual([]);
  });

  it('refuses tree sizes that are not non-negative integers, naming which one', () => {
    const e = thrown(() => inclusionPlan(0, 1.5));
    expect(e.check).toBe('tree-size');
    expect(e.message).toBe('tree size 1.5 is not a non-negative integer');
    expect(e.details).toMatchObject({ what: 'tree size', n: 1.5 });
    expect(thrown(() => consistencyPlan(-1, 4)).message).toBe(
      'first tree size -1 is not a non-negative integer',
    );
    expect(thrown(() => consistencyPlan(1, -4)).message).toBe(
      'second tree size -4 is not a non-negative integer',
    );
    expect(thrown(() => consistencyPlan(2 ** 53, 2 ** 53)).check).toBe('tree-size');
  });

  it('refuses a consistency plan that would shrink the log', () => {
    const e = thrown(() => consistencyPlan(5, 4));
    expect(e.check).toBe('consistency-proof');
    expect(e.message).toBe('tree size 5 is larger than 4');
    expect(e.details).toMatchObject({ size1: 5, size2: 4 });
    expect(consistencyPlan(0, 4)).toEqual([]);
    expect(consistencyPlan(4, 4)).toEqual([]);
    // A power-of-two old tree is a complete subtree: its root is not repeated in the proof.
    expect(consistencyPlan(4, 8)).toEqual([[{ level: 2, index: 1 }]]);
  });

  it('covers a range with the largest aligned perfect subtrees and lists plan nodes once', () => {
    expect(rangeNodes(0, 8)).toEqual([{ level: 3, index: 0 }]);
    expect(rangeNodes(2, 7)).toEqual([
      { level: 1, index: 1 },
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(rangeNodes(3, 3)).toEqual([]);
    const plan = [
      [{ level: 0, index: 1 }],
      [
        { level: 0, index: 1 },
        { level: 1, index: 1 },
      ],
    ];
    expect(planNodes(plan)).toEqual([
      { level: 0, index: 1 },
      { level: 1, index: 1 },
    ]);
  });

  it('names the missing subtree when a proof reads a node the store does not have', () => {
    const e = thrown(() => new MerkleTree().getNode(2, 1));
    expect(e.check).toBe('merkle-node-missing');
    expect(e.message).toBe('no perfect subtree at level 2, index 1');
  });
});

describe('merkle-verify.ts errors', () => {
  const root = tree.root();
  const proof = tree.inclusionProof(5, 8);

  it('accepts hex proofs and leaves as well as bytes', () => {
    const hexProof = proof.map((h) => h.toString('hex'));
    expect(rootFromInclusionProof(leaf(5).toString('hex'), 5, 8, hexProof).equals(root)).toBe(true);
    expect(() =>
      verifyInclusion(leaf(5), 5, 8, [proof[0]!, ...hexProof.slice(1)], root.toString('hex')),
    ).not.toThrow();
  });

  it('puts the leaf, tree size and proof length in every inclusion failure', () => {
    const e = thrown(() => rootFromInclusionProof(leaf(5), 8, 8, proof));
    expect(e.check).toBe('inclusion-proof');
    expect(e.message).toBe('leaf index 8 is not inside a tree of 8 leaves');
    expect(e.details).toMatchObject({ index: 8, treeSize: 8, proofLength: 3 });
    expect(thrown(() => rootFromInclusionProof(leaf(5), -1, 8, proof)).check).toBe('inclusion-proof');
    expect(thrown(() => rootFromInclusionProof(leaf(5), 1.5, 8, proof)).check).toBe('inclusion-proof');
    expect(thrown(() => rootFromInclusionProof(leaf(5), 0, 8.5, proof)).check).toBe('inclusion-proof');
    const long = thrown(() => rootFromInclusionProof(leaf(5), 5, 8, [...proof, root]));
    expect(long.message).toBe('proof has 4 hashes, more than the path of leaf 5 needs');
    const short = thrown(() => rootFromInclusionProof(leaf(5), 5, 8, proof.slice(0, 2)));
    expect(short.message).toBe('proof has 2 hashes, fewer than the path of leaf 5 needs');
    expect(thrown(() => rootFromInclusionProof(leaf(5), 5, 8, [proof[0]!, 'zz'])).message).toBe(
      'inclusion proof hash 1 is not a 32-byte hex hash',
    );
    expect(thrown(() => rootFromInclusionProof('00', 5, 8, proof)).message).toBe(
      'leaf hash is not a 32-byte hex hash',
    );
  });

  it('reports both roots when an inclusion proof leads elsewhere', () => {
    const e = thrown(() => verifyInclusion(leaf(4), 5, 8, proof, root));
    expect(e.message).toBe(
      'inclusion proof of leaf 5 in a tree of 8 leaves yields a root other than the expected one',
    );
    expect(e.details).toMatchObject({ index: 5, treeSize: 8, expectedRoot: root.toString('hex') });
    expect(e.details.computedRoot).toMatch(/^[0-9a-f]{64}$/);
    expect(e.details.computedRoot).not.toBe(root.toString('hex'));
    expect(thrown(() => verifyInclusion(leaf(5), 5, 8, proof, 'nope')).message).toBe(
      'root hash is not a 32-byte hex hash',
    );
  });

  it('verifies inclusion in trees past 2^32 leaves (no 32-bit shift truncation)', () => {
    // The last two leaves of a tree of 2^32 + 2: the path is the sibling leaf, then the left 2^32 subtree.
    const n = 2 ** 32 + 2;
    const [a, b, left] = [leaf(1), leaf(2), leaf(3)];
    const expected = nodeHash(left, nodeHash(a, b));
    expect(rootFromInclusionProof(b, n - 1, n, [a, left]).equals(expected)).toBe(true);
    expect(rootFromInclusionProof(a, n - 2, n, [b, left]).equals(expected)).toBe(true);
  });

  it('puts both sizes and the proof length in every consistency failure', () => {
    const r4 = tree.root(4);
    const cons = tree.consistencyProof(4, 8);
    const e = thrown(() => verifyConsistency(4, 8, [], r4, root));
    expect(e.check).toBe('consistency-proof');
    expect(e.message).toBe('proof is empty');
    expect(e.details).toMatchObject({ size1: 4, size2: 8, proofLength: 0 });
    expect(thrown(() => verifyConsistency(-1, 8, cons, r4, root)).message).toBe(
      'tree sizes -1 and 8 are not non-negative integers',
    );
    expect(thrown(() => verifyConsistency(4, 8.5, cons, r4, root)).message).toBe(
      'tree sizes 4 and 8.5 are not non-negative integers',
    );
    expect(thrown(() => verifyConsistency(4, -8, cons, r4, root)).check).toBe('consistency-proof');
    expect(thrown(() => verifyConsistency(1.5, 8, cons, r4, root)).check).toBe('consistency-proof');
    expect(thrown(() => verifyConsistency(9, 8, cons, r4, root)).message).toBe(
      'tree size 9 is larger than 8: a log cannot shrink',
    );
    expect(thrown(() => verifyConsistency(4, 8, [...cons, root], r4, root)).message).toBe(
      'proof has more hashes than the trees 4 and 8 need',
    );
    const six = tree.consistencyProof(6, 8);
    expect(thrown(() => verifyConsistency(6, 8, six.slice(0, 2), tree.root(6), root)).message).toBe(
      'proof has fewer hashes than the trees 6 and 8 need',
    );
    expect(thrown(() => verifyConsistency(4, 8, ['zz'], r4, root)).message).toBe(
      'consistency proof hash 0 is not a 32-byte hex hash',
    );
    expect(thrown(() => verifyConsistency(4, 8, cons, 'zz', root)).message).toBe(
      'first root is not a 32-byte hex hash',
    );
    expect(thrown(() => verifyConsistency(4, 8, cons, r4, 'zz')).message).toBe(
      'second root is not a 32-byte hex hash',
    );
  });

  it('reports the expected and computed root of the tree that does not match', () => {
    const r6 = tree.root(6);
    const six = tree.consistencyProof(6, 8);
    const first = thrown(() => verifyConsistency(6, 8, six, tree.root(5), root));
    expect(first.message).toBe('proof does not reproduce the root of the first tree (6 leaves)');
    expect(first.details).toMatchObject({
      expectedRoot: tree.root(5).toString('hex'),
      computedRoot: r6.toString('hex'),
    });
    const second = thrown(() => verifyConsistency(6, 8, six, r6, tree.root(7)));
    expect(second.message).toBe('proof does not reproduce the root of the second tree (8 leaves)');
    expect(second.details).toMatchObject({
      expectedRoot: tree.root(7).toString('hex'),
      computedRoot: root.toString('hex'),
    });
    expect(thrown(() => verifyConsistency(3, 3, [], tree.root(3), root)).message).toBe(
      'two trees of 3 leaves have different roots',
    );
  });
});

function leafHashNaive(bytes: Buffer): string {
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from([0]), bytes]))
    .digest('hex');
}
