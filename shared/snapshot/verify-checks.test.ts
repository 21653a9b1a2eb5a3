import { beforeAll, describe, expect, it } from '@jest/globals';
import { IntegrityError } from '../errors.js';
import { sha256Hex } from '../evidence/canonical.js';
import { LocalSigner } from '../ledger/signer.js';
import type { SignedCheckpoint } from '../ledger/types.js';
import { MemoryLedger } from './testing/memory.js';
import {
  checkOf,
  consistencyCheck,
  inclusionCheck,
  message,
  resultsCheck,
  sinceCheck,
  summarize,
} from './verify-checks.js';
import type { ZipFileRead } from './zip-read.js';

// The archive-level checks on hand-made archives: each tampering with a proof, a checkpoint or a result is reported
// by the right check with the right problem, and an honest archive passes.
const signer = LocalSigner.generate();
let pem: string;
const sha = (i: number) => sha256Hex(`artifact ${i}`);
const file = (path: string, content: unknown): [string, ZipFileRead] => {
  const bytes = Buffer.from(typeof content === 'string' ? content : JSON.stringify(content));
  return [path, { path, sha256: sha256Hex(bytes), size: bytes.length, bytes }];
};
const evPath = (i: number) => `evidence/c/x_${sha(i)}.json`;
let ledger: MemoryLedger;
let cp3: SignedCheckpoint;
let cp7: SignedCheckpoint;

async function grow(l: MemoryLedger, from: number, to: number, salt = '') {
  for (let i = from; i < to; i++)
    await l.append({
      sha256: salt ? sha256Hex(`${salt}${i}`) : sha(i),
      key: `k${i}`,
      collector: 'c',
      scope: 's',
      observedAt: 't',
      collectedAt: 't',
    });
}

beforeAll(async () => {
  pem = await signer.publicKeyPem();
  ledger = new MemoryLedger();
  await grow(ledger, 0, 3);
  cp3 = await ledger.checkpoint(signer, new Date('2026-01-01T00:00:00.000Z'));
  await grow(ledger, 3, 7);
  cp7 = await ledger.checkpoint(signer, new Date('2026-01-02T00:00:00.000Z'));
});

/** Evidence 0..n-1 with the inclusion proofs of the 7-leaf tree. */
async function archive(n: number) {
  const evidence = new Map<string, string>();
  const files = new Map<string, ZipFileRead>();
  for (let i = 0; i < n; i++) {
    evidence.set(evPath(i), sha(i));
    files.set(
      ...file(`proofs/inclusion/${sha(i)}.json`, {
        leafIndex: i,
        treeSize: 7,
        auditPath: await ledger.inclusionProof(i, 7),
      }),
    );
  }
  return { evidence, files };
}
const setProof = (files: Map<string, ZipFileRead>, i: number, proof: unknown) =>
  files.set(...file(`proofs/inclusion/${sha(i)}.json`, proof));

describe('inclusionCheck', () => {
  it('passes when every artifact has a proof to the closing checkpoint', async () => {
    const { evidence, files } = await archive(7);
    files.set(...file('proofs/inclusion/README', 'not a proof'));
    files.set(...file(`proofs/inclusion/${sha(99)}.json.orig`, 'not a proof'));
    files.set(...file(`x/proofs/inclusion/${sha(99)}.json`, 'not a proof'));
    expect(inclusionCheck(evidence, files, cp7.checkpoint)).toEqual({
      name: 'inclusion-proofs',
      ok: true,
      detail: '7 artifacts are in the log at the closing checkpoint',
    });
  });

  it('fails without a closing checkpoint', async () => {
    const { evidence, files } = await archive(2);
    expect(inclusionCheck(evidence, files)).toEqual({
      name: 'inclusion-proofs',
      ok: false,
      detail: 'no valid closing checkpoint to check against',
    });
  });

  it('names the artifact whose proof is missing, unreadable, for another tree or wrong', async () => {
    const { evidence, files } = await archive(7);
    files.delete(`proofs/inclusion/${sha(0)}.json`);
    setProof(files, 1, '{"leafIndex":');
    setProof(files, 2, { leafIndex: 2, treeSize: 3, auditPath: await ledger.inclusionProof(2, 3) });
    setProof(files, 3, { leafIndex: 3, treeSize: 7, auditPath: 'none' });
    setProof(files, 4, { leafIndex: 5, treeSize: 7, auditPath: await ledger.inclusionProof(4, 7) });
    const r = inclusionCheck(evidence, files, cp7.checkpoint);
    expect(r.ok).toBe(false);
    const problems = r.detail.split('; ');
    expect(problems).toHaveLength(5);
    expect(problems[0]).toBe(`${evPath(0)}: proofs/inclusion/${sha(0)}.json is missing`);
    expect(problems[1]).toMatch(new RegExp(`^${evPath(1)}: .*JSON`));
    expect(problems[2]).toBe(`${evPath(2)}: proof is for tree size 3, checkpoint has 7`);
    expect(problems[3]).toBe(`${evPath(3)}: auditPath is not a list`);
    expect(problems[4]).toBe(
      `${evPath(4)}: inclusion proof of leaf 5 in a tree of 7 leaves yields a root other than the expected one`,
    );
  });

  it('fails when the closing root is not the one the proofs lead to', async () => {
    const { evidence, files } = await archive(1);
    const r = inclusionCheck(evidence, files, { treeSize: 7, rootHash: cp3.checkpoint.rootHash });
    expect(r.detail).toBe(
      `${evPath(0)}: inclusion proof of leaf 0 in a tree of 7 leaves yields a root other than the expected one`,
    );
  });

  it('names a proof for an artifact that is not in the archive', async () => {
    const { evidence, files } = await archive(3);
    evidence.delete(evPath(2));
    const r = inclusionCheck(evidence, files, cp7.checkpoint);
    expect(r).toMatchObject({
      ok: false,
      detail: `proofs/inclusion/${sha(2)}.json proves an artifact that is not in the archive`,
    });
  });
});

describe('consistencyCheck', () => {
  const proofFile = (c: object) => new Map([file('proofs/consistency.json', c)]);
  let good: object;
  beforeAll(async () => {
    good = {
      fromTreeSize: 3,
      fromRootHash: cp3.checkpoint.rootHash,
      toTreeSize: 7,
      toRootHash: cp7.checkpoint.rootHash,
      proof: await ledger.consistencyProof(3, 7),
    };
  });
  const fail = (detail: string) => ({ name: 'consistency-proof', ok: false, detail });

  it('passes a proof from the start checkpoint to the closing one', () => {
    expect(consistencyCheck(proofFile(good), cp7.checkpoint, cp3.checkpoint)).toEqual({
      name: 'consistency-proof',
      ok: true,
      detail: 'log grew append-only from 3 to 7 leaves',
    });
  });

  it('passes an empty proof from the empty log when there is no start checkpoint, and nothing else', () => {
    const empty = {
      fromTreeSize: 0,
      fromRootHash: null,
      toTreeSize: 7,
      toRootHash: cp7.checkpoint.rootHash,
      proof: [],
    };
    expect(consistencyCheck(proofFile(empty), cp7.checkpoint)).toEqual({
      name: 'consistency-proof',
      ok: true,
      detail: 'no start checkpoint: the window starts at the empty log',
    });
    const named = fail('proof starts at a checkpoint the manifest does not name');
    expect(consistencyCheck(proofFile(good), cp7.checkpoint)).toEqual(named);
    expect(consistencyCheck(proofFile({ ...empty, proof: ['ab'.repeat(32)] }), cp7.checkpoint)).toEqual(
      named,
    );
    expect(consistencyCheck(proofFile({ ...good, fromTreeSize: 0 }), cp7.checkpoint)).toEqual(named);
    expect(consistencyCheck(proofFile({ ...empty, fromTreeSize: 3 }), cp7.checkpoint)).toEqual(named);
  });

  it('names what is wrong: no closing checkpoint, no proof, another end, another start, a bad proof', async () => {
    expect(consistencyCheck(proofFile(good))).toEqual(fail('no valid closing checkpoint'));
    expect(consistencyCheck(new Map(), cp7.checkpoint, cp3.checkpoint)).toEqual(
      fail('proofs/consistency.json is missing'),
    );
    const end = fail('proof does not end at the closing checkpoint');
    expect(consistencyCheck(proofFile({ ...good, toTreeSize: 6 }), cp7.checkpoint, cp3.checkpoint)).toEqual(
      end,
    );
    expect(
      consistencyCheck(
        proofFile({ ...good, toRootHash: cp3.checkpoint.rootHash }),
        cp7.checkpoint,
        cp3.checkpoint,
      ),
    ).toEqual(end);
    const start = fail('proof does not start at the start checkpoint');
    expect(consistencyCheck(proofFile({ ...good, fromTreeSize: 2 }), cp7.checkpoint, cp3.checkpoint)).toEqual(
      start,
    );
    expect(
      consistencyCheck(
        proofFile({ ...good, fromRootHash: cp7.checkpoint.rootHash }),
        cp7.checkpoint,
        cp3.checkpoint,
      ),
    ).toEqual(start);
    const bad = consistencyCheck(
      proofFile({ ...good, proof: await ledger.consistencyProof(2, 7) }),
      cp7.checkpoint,
      cp3.checkpoint,
    );
    expect(bad.ok).toBe(false);
    expect(bad.detail).not.toMatch(/does not (start|end)/);
  });
});

describe('sinceCheck', () => {
  const fail = (detail: string | RegExp) => ({
    name: 'since-checkpoint',
    ok: false,
    detail: typeof detail === 'string' ? detail : expect.stringMatching(detail),
  });
  const closing = () => cp7.checkpoint;

  it('passes when the kept checkpoint is the closing one', () => {
    expect(sinceCheck(cp7, new Map(), pem, closing())).toEqual({
      name: 'since-checkpoint',
      ok: true,
      detail: 'the log grew append-only from your checkpoint (tree size 7) to 7',
    });
  });

  it('finds the proof from the kept size in consistency-since.json, consistency.json or the window checkpoints', async () => {
    const proof = await ledger.consistencyProof(3, 7);
    const ok = {
      name: 'since-checkpoint',
      ok: true,
      detail: 'the log grew append-only from your checkpoint (tree size 3) to 7',
    };
    for (const where of ['proofs/consistency-since.json', 'proofs/consistency.json'])
      expect(
        sinceCheck(cp3, new Map([file(where, { fromTreeSize: 3, toTreeSize: 7, proof })]), pem, closing()),
      ).toEqual(ok);
    const window = [
      { proof },
      { signed: {}, proof },
      { signed: { checkpoint: { treeSize: 5 } }, proof: [] },
      { signed: cp3, proof },
    ];
    expect(sinceCheck(cp3, new Map([file('checkpoints/window.json', window)]), pem, closing())).toEqual(ok);
  });

  it('asks for a proof when the snapshot carries none from the kept size', async () => {
    const proof = await ledger.consistencyProof(3, 7);
    const none = fail(/^no consistency proof from tree size 3 in this snapshot: .*\(--since-size 3\)$/);
    expect(sinceCheck(cp3, new Map(), pem, closing())).toEqual(none);
    const unusable = new Map([
      file('proofs/consistency-since.json', { fromTreeSize: 3, toTreeSize: 6, proof }),
      file('proofs/consistency.json', { fromTreeSize: 3, toTreeSize: 7, proof: 'x' }),
      file('checkpoints/window.json', { signed: cp3, proof }),
    ]);
    expect(sinceCheck(cp3, unusable, pem, closing())).toEqual(none);
    const junk = new Map([
      file('proofs/consistency-since.json', '{'),
      file('proofs/consistency.json', 'null'),
    ]);
    expect(sinceCheck(cp3, junk, pem, closing())).toEqual(none);
    const later = new Map([
      file('checkpoints/window.json', [{ signed: { checkpoint: { treeSize: 2 } }, proof }]),
    ]);
    expect(sinceCheck(cp3, later, pem, closing())).toEqual(none);
  });

  it('catches a rewritten history: a wrong proof, or another root at the same size', async () => {
    const wrong = new Map([
      file('proofs/consistency-since.json', {
        fromTreeSize: 3,
        toTreeSize: 7,
        proof: await ledger.consistencyProof(2, 7),
      }),
    ]);
    expect(sinceCheck(cp3, wrong, pem, closing())).toEqual(
      fail(/^the log is not an append-only extension of your checkpoint \(tree size 3\): ./),
    );
    const forged = new MemoryLedger();
    await grow(forged, 0, 7, 'forged');
    const other = await forged.checkpoint(signer, new Date('2026-01-02T00:00:00.000Z'));
    expect(sinceCheck(other, new Map(), pem, closing())).toEqual(
      fail('the log at tree size 7 has a different root than your checkpoint: history was rewritten'),
    );
  });

  it('refuses a kept checkpoint that is newer, from another log, signed by another key, or no checkpoint', async () => {
    const bigger = new MemoryLedger();
    await grow(bigger, 0, 8);
    const newer = await bigger.checkpoint(signer, new Date('2026-01-03T00:00:00.000Z'));
    expect(sinceCheck(newer, new Map(), pem, closing())).toEqual(
      fail("your checkpoint (tree size 8) is newer than this snapshot's closing checkpoint (7)"),
    );
    const foreign = new MemoryLedger('flux-evidence/other-log');
    await grow(foreign, 0, 7);
    const fromOther = await foreign.checkpoint(signer, new Date('2026-01-02T00:00:00.000Z'));
    expect(sinceCheck(fromOther, new Map(), pem, { ...closing() })).toEqual(fail(/other-log/));
    const otherKey = await ledger.checkpoint(LocalSigner.generate(), new Date('2026-01-03T00:00:00.000Z'));
    expect(sinceCheck(otherKey, new Map(), pem, closing()).ok).toBe(false);
    expect(sinceCheck({ hello: 1 }, new Map(), pem, closing())).toEqual(fail(/malformed/));
    expect(sinceCheck(cp7, new Map(), pem)).toEqual(fail('no valid closing checkpoint'));
  });
});

describe('resultsCheck', () => {
  const evidence = new Map([[evPath(0), sha(0)]]);
  it('passes when every cited artifact is archived, reading only results/ files with bytes', () => {
    const files = new Map([
      file('results/soc2.json', [{ artifacts: [sha(0)] }, { control: 'x' }, { artifacts: [] }]),
      file('evidence/c/notes.json', [{ artifacts: [sha(9)] }]),
      file('oscal/x.json', '{not json'),
      ['results/big.json', { path: 'results/big.json', sha256: sha(1), size: 5 }] as [string, ZipFileRead],
    ]);
    expect(resultsCheck(files, evidence)).toEqual({
      name: 'results-evidence',
      ok: true,
      detail: 'every artifact a result cites is archived',
    });
  });

  it('names a result citing an artifact that is not archived, and an unreadable result', () => {
    const files = new Map([
      file('results/a.json', [{ artifacts: [sha(0), sha(5)] }]),
      file('results/b.json', 'not json'),
    ]);
    const r = resultsCheck(files, evidence);
    expect(r.ok).toBe(false);
    const problems = r.detail.split('; ');
    expect(problems[0]).toBe(`results/a.json cites artifact ${sha(5)}, which is not in evidence/`);
    expect(problems[1]).toMatch(/^results\/b\.json: ./);
    expect(problems).toHaveLength(2);
  });
});

describe('messages', () => {
  it('message gives an error message, or the thrown value as text', () => {
    expect(message(new Error('plain'))).toBe('plain');
    expect(message(new IntegrityError('x', 'integrity'))).toBe('integrity');
    expect(message('thrown text')).toBe('thrown text');
    expect(message(42)).toBe('42');
  });

  it('summarize lists at most 20 problems and counts the rest', () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);
    expect(summarize(list(20))).toBe(list(20).join('; '));
    expect(summarize(list(23))).toBe(`${list(20).join('; ')}; and 3 more`);
    expect(checkOf('c', [], 'fine')).toEqual({ name: 'c', ok: true, detail: 'fine' });
    expect(checkOf('c', list(21), 'fine')).toEqual({
      name: 'c',
      ok: false,
      detail: `${list(20).join('; ')}; and 1 more`,
    });
  });
});
