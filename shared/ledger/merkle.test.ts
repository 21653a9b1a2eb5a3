import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { IntegrityError } from '../errors.js';
import { CompactRange, consistencyPlan, inclusionPlan, leafHash, merkleRoot, nodeHash } from './merkle.js';
import { MerkleTree } from './merkle-tree.js';
import { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './merkle-verify.js';

// Known-answer vectors from transparency-dev/merkle (Apache-2.0):
//   testonly/constants.go   @ 582a6ad190b6848f1d26f8bf08ddef29955d9db1 (leaves, roots per size, node hashes)
//   proof/verify_test.go    @ 02194e9afb6c1d95b5381350007963aa70fff472 (inclusion and consistency paths)
//   proof/proof_test.go     @ 02a3e2029520f515596d5238c54fb0ac9e19bff4 (proof node ids per size/index)
const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((h) => Buffer.from(h, 'hex'));
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const LEVEL0 = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
  '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
  '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
  'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
  '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
  'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
  '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
];
const N1_0 = 'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125';
const N1_1 = '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e';
const N1_2 = '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a';
const N1_3 = 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0';
const N2_0 = 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7';
const N2_1 = '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4';
const [L0, L1, , , L4, , L6] = LEVEL0;

// verify_test.go numbers leaves from 1; these are 0-based indexes.
const INCLUSION: Array<[index: number, size: number, proof: string[]]> = [
  [0, 1, []],
  [0, 8, [L1!, N1_1, N2_1]],
  [5, 8, [L4!, N1_3, N2_0]],
  [2, 3, [N1_0]],
  [1, 5, [L0!, N1_1, L4!]],
];
const CONSISTENCY: Array<[size1: number, size2: number, proof: string[]]> = [
  [1, 1, []],
  [1, 8, [L1!, N1_1, N2_1]],
  [6, 8, [N1_2, N1_3, N2_0]],
  [2, 5, [N1_1, L4!]],
  [6, 7, [N1_2, L6!, N2_0]],
];

const hex = (hs: Buffer[]) => hs.map((h) => h.toString('hex'));
const vectorTree = (size = 8) => {
  const t = new MerkleTree();
  LEAVES.slice(0, size).forEach((l) => t.append(l));
  return t;
};

// Naive RFC 9162 2.1.1, 2.1.3.1 and 2.1.4.1, straight from the definitions.
const split = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1);
const mth = (d: Buffer[]): Buffer =>
  d.length === 1 ? d[0]! : nodeHash(mth(d.slice(0, split(d.length))), mth(d.slice(split(d.length))));
const path = (m: number, d: Buffer[]): Buffer[] => {
  if (d.length <= 1) return [];
  const k = split(d.length);
  return m < k
    ? [...path(m, d.slice(0, k)), mth(d.slice(k))]
    : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
};
const subproof = (m: number, d: Buffer[], b: boolean): Buffer[] => {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = split(d.length);
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
};

describe('RFC 9162 hashing', () => {
  it('hashes leaves and nodes with domain separation', () => {
    expect(hex(LEAVES.map(leafHash))).toEqual(LEVEL0);
    expect(nodeHash(Buffer.from(L0!, 'hex'), Buffer.from(L1!, 'hex')).toString('hex')).toBe(N1_0);
  });

  it('matches the published root for every tree size 0..8', () => {
    for (let n = 0; n <= 8; n++) {
      expect(merkleRoot(LEAVES.slice(0, n).map(leafHash)).toString('hex')).toBe(ROOTS[n]);
      expect(vectorTree().root(n).toString('hex')).toBe(ROOTS[n]);
    }
  });

  it('keeps a compact range of one hash per set bit and reports the nodes each append completes', () => {
    const range = CompactRange.empty();
    const created = LEAVES.map((l) => range.append(leafHash(l)).map((n) => `${n.level}/${n.index}`));
    expect(created).toEqual([[], ['1/0'], [], ['1/1', '2/0'], [], ['1/2'], [], ['1/3', '2/1', '3/0']]);
    expect(hex(range.hashes())).toEqual([ROOTS[8]]);
    const seven = CompactRange.empty();
    LEAVES.slice(0, 7).forEach((l) => seven.append(leafHash(l)));
    const restored = CompactRange.from(7, seven.hashes());
    expect(restored.hashes().length).toBe(3);
    expect(restored.root().toString('hex')).toBe(ROOTS[7]);
    expect(() => CompactRange.from(7, [])).toThrow(IntegrityError);
  });
});

describe('proof generation', () => {
  it('produces the published inclusion and consistency paths', () => {
    const tree = vectorTree();
    for (const [index, size, proof] of INCLUSION)
      expect(hex(tree.inclusionProof(index, size))).toEqual(proof);
    for (const [s1, s2, proof] of CONSISTENCY) expect(hex(tree.consistencyProof(s1, s2))).toEqual(proof);
  });

  it('reads the same perfect subtrees as transparency-dev/merkle (node ids, rehashed groups smallest first)', () => {
    const ids = (plan: ReturnType<typeof inclusionPlan>) =>
      plan.flatMap((g) => [...g].reverse().map((n) => `${n.level},${n.index}`));
    expect(ids(inclusionPlan(0, 7))).toEqual(['0,1', '1,1', '0,6', '1,2']);
    expect(ids(inclusionPlan(10, 15))).toEqual(['0,11', '1,4', '0,14', '1,6', '3,0']);
    expect(ids(inclusionPlan(81, 95))).toEqual([
      '0,80',
      '1,41',
      '2,21',
      '0,94',
      '1,46',
      '2,22',
      '4,4',
      '6,0',
    ]);
    expect(ids(consistencyPlan(5, 7))).toEqual(['0,4', '0,5', '0,6', '2,0']);
    expect(ids(consistencyPlan(7, 8))).toEqual(['0,6', '0,7', '1,2', '2,0']);
    expect(ids(consistencyPlan(24, 31))).toEqual(['3,2', '0,30', '1,14', '2,6', '4,0']);
    expect(ids(consistencyPlan(81, 95))).toEqual([
      '0,80',
      '0,81',
      '1,41',
      '2,21',
      '0,94',
      '1,46',
      '2,22',
      '4,4',
      '6,0',
    ]);
    expect(() => inclusionPlan(8, 7)).toThrow(IntegrityError);
    expect(() => consistencyPlan(9, 8)).toThrow(IntegrityError);
  });

  it('agrees with a naive recomputation for random sizes, indexes and earlier tree sizes', () => {
    const tree = new MerkleTree();
    const leaves: Buffer[] = [];
    for (let i = 0; i < 300; i++) leaves.push(leafHash(randomBytes(32)));
    leaves.forEach((h) => tree.appendLeafHash(h));
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(Math.random() * leaves.length);
      const d = leaves.slice(0, n);
      const m = Math.floor(Math.random() * n);
      const root = mth(d);
      expect(tree.root(n).equals(root)).toBe(true);
      const inc = tree.inclusionProof(m, n);
      expect(hex(inc)).toEqual(hex(path(m, d)));
      expect(inc.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)));
      verifyInclusion(d[m]!, m, n, inc, root);
      const s1 = 1 + Math.floor(Math.random() * n);
      const cons = tree.consistencyProof(s1, n);
      expect(hex(cons)).toEqual(s1 === n ? [] : hex(subproof(s1, d, true)));
      verifyConsistency(s1, n, cons, mth(d.slice(0, s1)), root);
    }
  });
});

describe('verifyInclusion', () => {
  const tree = vectorTree();
  const check =
    (index: number, size: number, proof: readonly (Buffer | string)[], root: string, leaf = LEVEL0[index]!) =>
    () =>
      verifyInclusion(leaf, index, size, proof, root);

  it('accepts every published path and rejects each corruption, naming the check', () => {
    for (const [index, size, proof] of INCLUSION) {
      const root = ROOTS[size]!;
      expect(check(index, size, proof, root)).not.toThrow();
      const bad: Array<() => void> = [
        check(index + 1, size, proof, root),
        check(index, size * 2, proof, root),
        check(index, size, proof, ROOTS[0]!),
        check(index, size, [...proof, root], root),
        check(index, size, [root, ...proof], root),
        check(index, size, proof, root, N2_1),
        ...proof.map((_, i) =>
          check(
            index,
            size,
            proof.map((p, j) => (j === i ? flip(p) : p)),
            root,
          ),
        ),
        ...(proof.length ? [check(index, size, proof.slice(0, -1), root)] : []),
      ];
      if (index > 0) bad.push(check(index - 1, size, proof, root));
      if (size > 1) bad.push(check(index, Math.floor(size / 2), proof, root));
      for (const b of bad) expect(b).toThrow(IntegrityError);
    }
    expect(tree.inclusionProof(3).length).toBe(3);
  });

  it('says why: wrong root, too long, too short, index out of range, malformed hash', () => {
    const [index, size, proof] = INCLUSION[2]!;
    expect(check(index, size, proof, ROOTS[7]!)).toThrow(/yields a root other than the expected one/);
    expect(check(index, size, [...proof, N1_0], ROOTS[8]!)).toThrow(/more than the path/);
    expect(check(index, size, proof.slice(1), ROOTS[8]!)).toThrow(/fewer than the path/);
    expect(check(9, size, proof, ROOTS[8]!, L0)).toThrow(/not inside a tree of 8/);
    expect(check(index, size, ['abc', ...proof.slice(1)], ROOTS[8]!)).toThrow(/not a 32-byte hex hash/);
    expect(rootFromInclusionProof(L0!, 0, 1, []).toString('hex')).toBe(L0);
  });
});

describe('verifyConsistency', () => {
  const check =
    (s1: number, s2: number, proof: readonly string[], r1 = ROOTS[s1]!, r2 = ROOTS[s2]!) =>
    () =>
      verifyConsistency(s1, s2, proof, r1, r2);

  it('accepts every published path and rejects each corruption', () => {
    for (const [s1, s2, proof] of CONSISTENCY) {
      expect(check(s1, s2, proof)).not.toThrow();
      if (proof.length === 0) continue;
      const bad: Array<() => void> = [
        check(s1 - 1, s2, proof, ROOTS[s1]),
        check(s1 + 1, s2, proof, ROOTS[s1]),
        check(s1 ^ 2, s2, proof, ROOTS[s1]),
        check(s1, s2 * 2, proof, ROOTS[s1], ROOTS[s2]),
        check(s1, Math.floor(s2 / 2), proof, ROOTS[s1], ROOTS[s2]),
        check(s1, s2, proof, ROOTS[s2], ROOTS[s1]),
        check(s1, s2, []),
        check(s1, s2, [...proof, ROOTS[s1]!]),
        check(s1, s2, [...proof, ROOTS[s2]!]),
        check(s1, s2, [ROOTS[s1]!, ...proof]),
        check(s1, s2, [ROOTS[s2]!, ...proof]),
        check(s1, s2, [proof[0]!, ...proof]),
        check(s1, s2, proof.slice(0, -1)),
        ...proof.map((_, i) =>
          check(
            s1,
            s2,
            proof.map((p, j) => (j === i ? flip(p) : p)),
          ),
        ),
      ];
      for (const b of bad) expect(b).toThrow(IntegrityError);
    }
  });

  it('handles the trivial cases of RFC 9162 2.1.4.2 and names failures', () => {
    expect(check(0, 5, [])).not.toThrow();
    expect(check(3, 3, [])).not.toThrow();
    expect(check(3, 3, [], ROOTS[3], ROOTS[4])).toThrow(/different roots/);
    expect(check(3, 3, [N1_0])).toThrow(/equal size must be empty/);
    expect(check(0, 3, [N1_0])).toThrow(/empty tree must be empty/);
    expect(check(5, 3, [])).toThrow(/cannot shrink/);
    expect(check(6, 8, [N1_2, N1_3, N2_0], ROOTS[5])).toThrow(/root of the first tree/);
    expect(check(2, 5, [N1_1, L4!], ROOTS[2], ROOTS[6])).toThrow(/root of the second tree/);
  });
});

function flip(h: string): string {
  const b = Buffer.from(h, 'hex');
  b[0] = b[0]! ^ 0x08;
  return b.toString('hex');
}
