import { IntegrityError } from '../errors.js';
import { HASH_SIZE, hashChildren, toHash } from './merkle.js';

/**
 * Pure RFC 9162 proof verification (sections 2.1.3.2 and 2.1.4.2). Every failure throws an
 * IntegrityError whose `check` is `inclusion-proof` or `consistency-proof` and whose message says
 * what did not hold. Hashes may be given as bytes or hex.
 */
export type HashInput = Uint8Array | string;

/** Recomputes the root implied by an inclusion proof (RFC 9162 2.1.3.2 steps 1-5, without the final compare). */
export function rootFromInclusionProof(
  leaf: HashInput,
  index: number,
  treeSize: number,
  proof: readonly HashInput[],
): Buffer {
  const fail = (message: string, details: Record<string, unknown> = {}) =>
    new IntegrityError('inclusion-proof', message, {
      index,
      treeSize,
      proofLength: proof.length,
      ...details,
    });
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize) {
    throw fail(`leaf index ${index} is not inside a tree of ${treeSize} leaves`);
  }
  // Validate every input once, so the hashing loop does no checks and no conversions.
  const path = proof.every(isHashBytes)
    ? (proof as readonly Uint8Array[])
    : proof.map((h, i) => toHash(h, `inclusion proof hash ${i}`));
  let r = toHash(leaf, 'leaf hash');
  let fn = index;
  let sn = treeSize - 1;
  const small = treeSize <= 0x7fffffff; // 32-bit shifts are exact
  for (let i = 0; i < path.length; i++) {
    if (sn === 0) throw fail(`proof has ${proof.length} hashes, more than the path of leaf ${index} needs`);
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(path[i]!, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = small ? fn >>> 1 : fn / 2;
        sn = small ? sn >>> 1 : Math.floor(sn / 2);
      }
    } else {
      r = hashChildren(r, path[i]!);
    }
    fn = small ? fn >>> 1 : Math.floor(fn / 2);
    sn = small ? sn >>> 1 : Math.floor(sn / 2);
  }
  if (sn !== 0) throw fail(`proof has ${proof.length} hashes, fewer than the path of leaf ${index} needs`);
  return r;
}

function isHashBytes(h: HashInput): boolean {
  return typeof h !== 'string' && h.length === HASH_SIZE;
}

/** Throws unless `proof` shows leaf `index` with hash `leaf` is in the tree of `treeSize` leaves with `root`. */
export function verifyInclusion(
  leaf: HashInput,
  index: number,
  treeSize: number,
  proof: readonly HashInput[],
  root: HashInput,
): void {
  const expected = toHash(root, 'root hash');
  const computed = rootFromInclusionProof(leaf, index, treeSize, proof);
  if (!computed.equals(expected)) {
    throw new IntegrityError(
      'inclusion-proof',
      `inclusion proof of leaf ${index} in a tree of ${treeSize} leaves yields a root other than the expected one`,
      { index, treeSize, expectedRoot: expected.toString('hex'), computedRoot: computed.toString('hex') },
    );
  }
}

/** Throws unless `proof` shows the tree (size2, root2) is an append-only extension of (size1, root1). */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly HashInput[],
  root1: HashInput,
  root2: HashInput,
): void {
  const fail = (message: string, details: Record<string, unknown> = {}) =>
    new IntegrityError('consistency-proof', message, { size1, size2, proofLength: proof.length, ...details });
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size2 < 0) {
    throw fail(`tree sizes ${size1} and ${size2} are not non-negative integers`);
  }
  if (size1 > size2) throw fail(`tree size ${size1} is larger than ${size2}: a log cannot shrink`);
  const r1 = toHash(root1, 'first root');
  const r2 = toHash(root2, 'second root');
  if (size1 === size2) {
    if (proof.length !== 0) throw fail('proof between trees of equal size must be empty');
    if (!r1.equals(r2)) throw fail(`two trees of ${size1} leaves have different roots`);
    return;
  }
  if (size1 === 0) {
    if (proof.length !== 0) throw fail('proof from the empty tree must be empty');
    return;
  }
  if (proof.length === 0) throw fail('proof is empty');
  const path = proof.map((h, i) => toHash(h, `consistency proof hash ${i}`));
  // RFC 9162 2.1.4.2 step 2: when size1 is a power of two, the old root is the first node.
  if (Number.isInteger(Math.log2(size1))) path.unshift(r1);
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (let i = 1; i < path.length; i++) {
    if (sn === 0) throw fail(`proof has more hashes than the trees ${size1} and ${size2} need`);
    const c = path[i]!;
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw fail(`proof has fewer hashes than the trees ${size1} and ${size2} need`);
  if (!fr.equals(r1)) {
    throw fail(`proof does not reproduce the root of the first tree (${size1} leaves)`, {
      expectedRoot: r1.toString('hex'),
      computedRoot: fr.toString('hex'),
    });
  }
  if (!sr.equals(r2)) {
    throw fail(`proof does not reproduce the root of the second tree (${size2} leaves)`, {
      expectedRoot: r2.toString('hex'),
      computedRoot: sr.toString('hex'),
    });
  }
}
