import { hash as sha256Once, randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startMoto, type MotoServer } from '../shared/emulator/moto-server.js';
import { DynamoLedger } from '../shared/ledger/dynamo-ledger.js';
import { createLedgerTable } from '../shared/ledger/dynamo-schema.js';
import { leafHash } from '../shared/ledger/merkle.js';
import { MerkleTree } from '../shared/ledger/merkle-tree.js';
import { verifyInclusion } from '../shared/ledger/merkle-verify.js';
import { sampleRecord } from '../shared/ledger/testing/fixtures.js';

/**
 * Ledger benchmarks:
 *  (a) DynamoDB append throughput on moto (single writer, as the sequencer runs);
 *  (b) inclusion-proof generation and verification on a 100,000-leaf in-memory tree, with the raw
 *      SHA-256 node-hash rate (0x01 || 32 B || 32 B) measured in the same run as the baseline;
 *  (c) proof sizes against 32 * ceil(log2 n) bytes.
 */
export interface LedgerBenchOptions {
  /** moto endpoint; when absent a moto server is started for the run. */
  readonly endpoint?: string;
  readonly appends?: number;
  readonly leaves?: number;
  readonly proofs?: number;
}

export interface LedgerBenchResult {
  readonly appendsPerSecond: number;
  readonly appendMsMean: number;
  readonly treeLeaves: number;
  readonly treeBuildMs: number;
  readonly proofsGeneratedPerSecond: number;
  readonly proofsVerifiedPerSecond: number;
  readonly verificationHashesPerSecond: number;
  readonly rawNodeHashesPerSecond: number;
  /** Median over alternating slices of verification hash rate / raw node-hash rate (target >= 0.8). */
  readonly verificationToRawRatio: number;
  readonly proofBytesMax: number;
  readonly proofBytesMean: number;
  readonly proofBytesBound: number;
}

export async function run(options: LedgerBenchOptions = {}): Promise<LedgerBenchResult> {
  const append = await appendThroughput(options.endpoint, options.appends ?? 200);
  const proofs = proofRates(options.leaves ?? 100_000, options.proofs ?? 50_000);
  const result: LedgerBenchResult = { ...append, ...proofs };
  const lines = [
    `ledger append (moto, 1 writer): ${result.appendsPerSecond.toFixed(1)} appends/s, ${result.appendMsMean.toFixed(1)} ms each`,
    `tree of ${result.treeLeaves} leaves built in ${result.treeBuildMs.toFixed(0)} ms`,
    `inclusion proofs: ${result.proofsGeneratedPerSecond.toFixed(0)} generated/s, ${result.proofsVerifiedPerSecond.toFixed(0)} verified/s`,
    `verification ${(result.verificationHashesPerSecond / 1e6).toFixed(3)} M hashes/s vs raw node hash ${(result.rawNodeHashesPerSecond / 1e6).toFixed(3)} M/s: ratio ${(result.verificationToRawRatio * 100).toFixed(1)}% (target >= 80%)`,
    `proof size: max ${result.proofBytesMax} B, mean ${result.proofBytesMean.toFixed(1)} B, bound 32*ceil(log2 n) = ${result.proofBytesBound} B`,
  ];
  for (const l of lines) console.log(l);
  return result;
}

async function appendThroughput(endpoint: string | undefined, count: number) {
  let moto: MotoServer | undefined;
  if (!endpoint) moto = await startMoto({ root: process.cwd() });
  try {
    const config = {
      endpoint: endpoint ?? moto!.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    };
    const table = `bench-ledger-${Date.now()}`;
    await createLedgerTable(new DynamoDBClient(config), table);
    const ledger = new DynamoLedger({
      client: DynamoDBDocumentClient.from(new DynamoDBClient(config)),
      tableName: table,
      origin: 'bench',
    });
    await ledger.append(sampleRecord(-1, 'bench-warmup'));
    const t0 = performance.now();
    for (let i = 0; i < count; i++) await ledger.append(sampleRecord(i, 'bench'));
    const ms = performance.now() - t0;
    return { appendsPerSecond: (count * 1000) / ms, appendMsMean: ms / count };
  } finally {
    await moto?.stop();
  }
}

function proofRates(leaves: number, proofCount: number) {
  const tree = new MerkleTree();
  let t0 = performance.now();
  for (let i = 0; i < leaves; i++) tree.appendLeafHash(leafHash(randomBytes(32)));
  const treeBuildMs = performance.now() - t0;

  const indexes = Array.from({ length: proofCount }, () => Math.floor(Math.random() * leaves));
  t0 = performance.now();
  const proofs = indexes.map((i) => tree.inclusionProof(i));
  const genMs = performance.now() - t0;

  const root = tree.root();
  const leafHashes = indexes.map((i) => tree.leafHash(i));
  // The machine may be shared: verification and the raw baseline run in alternating slices, so both
  // see the same load, and the ratio is the median of the per-slice ratios.
  const SLICES = 20;
  const per = Math.ceil(proofCount / SLICES);
  const scratch = Buffer.alloc(65);
  scratch[0] = 0x01;
  let acc = randomBytes(32);
  let hashes = 0;
  let verifyMs = 0;
  let rawMs = 0;
  const ratios: number[] = [];
  for (let pass = 0; pass < 2; pass++) {
    for (let s = 0; s < SLICES; s++) {
      const from = s * per;
      const to = Math.min(proofCount, from + per);
      let sliceHashes = 0;
      for (let k = from; k < to; k++) sliceHashes += proofs[k]!.length;
      t0 = performance.now();
      for (let k = from; k < to; k++) verifyInclusion(leafHashes[k]!, indexes[k]!, leaves, proofs[k]!, root);
      const v = performance.now() - t0;
      t0 = performance.now();
      for (let k = 0; k < sliceHashes; k++) {
        scratch.set(acc, 1);
        acc = sha256Once('sha256', scratch, 'buffer');
      }
      const r = performance.now() - t0;
      if (pass === 0) continue; // warm-up pass
      hashes += sliceHashes;
      verifyMs += v;
      rawMs += r;
      ratios.push(r / v);
    }
  }
  ratios.sort((a, b) => a - b);
  const verificationHashesPerSecond = (hashes * 1000) / verifyMs;
  const rawNodeHashesPerSecond = (hashes * 1000) / rawMs;
  const sizes = proofs.map((p) => p.length * 32);
  return {
    treeLeaves: leaves,
    treeBuildMs,
    proofsGeneratedPerSecond: (proofCount * 1000) / genMs,
    proofsVerifiedPerSecond: (proofCount * 1000) / verifyMs,
    verificationHashesPerSecond,
    rawNodeHashesPerSecond,
    verificationToRawRatio: ratios[Math.floor(ratios.length / 2)]!,
    proofBytesMax: Math.max(...sizes),
    proofBytesMean: sizes.reduce((a, b) => a + b, 0) / sizes.length,
    proofBytesBound: 32 * Math.ceil(Math.log2(leaves)),
  };
}
