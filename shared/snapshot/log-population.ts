import pLimit from 'p-limit';
import { IntegrityError } from '../errors.js';
import type { BlobStore } from '../manual/types.js';
import { LEAF_KINDS, decodeLeaf, type LeafKind } from '../ledger/leaf.js';
import { CompactRange, leafHash, nodeHash } from '../ledger/merkle.js';
import type { Ledger, LedgerEntry } from '../ledger/types.js';
import type { EvidenceStore } from '../store/types.js';

/** Path of the log population list inside a snapshot. */
export const POPULATION_PATH = 'log/population.json';

/** Why a log leaf of the window is not archived. */
export const EXCLUDED_NOT_CITED = 'not cited by a result of a selected control in the window';

/** One leaf of the log between the window's start and closing checkpoints. */
interface PopulationLeaf {
  readonly index: number;
  /** Hex RFC 9162 leaf hash, SHA-256(0x00 || leaf bytes). */
  readonly leafHash: string;
  readonly kind: LeafKind;
  readonly collector: string;
  readonly scope: string;
  /** The artifact's SHA-256, or the SHA-256 of the statement's bytes. */
  readonly sha256: string;
  readonly status: 'included' | 'excluded';
  readonly reason?: string;
}

/**
 * `log/population.json`: every leaf in [fromTreeSize, toTreeSize) and the compact range (right edge) of the tree at
 * fromTreeSize, so a verifier folds the edge to the start root and appends the listed leaves to reach the closing
 * root. Together they prove the list leaves nothing out.
 */
export interface LogPopulation {
  readonly fromTreeSize: number;
  readonly toTreeSize: number;
  /** Hex hashes of the start tree's compact range, largest subtree first. */
  readonly startRange: readonly string[];
  readonly leaves: readonly PopulationLeaf[];
}

/** A statement leaf archived beside the evidence: `leaves/<sha256>.json` holds its exact bytes. */
export interface StatementFile {
  readonly path: string;
  readonly bytes: Buffer;
}

type Deps = {
  readonly ledger: Pick<Ledger, 'entries' | 'entryAt' | 'inclusionProof'>;
  readonly store: Pick<EvidenceStore, 'getBytes'>;
  /** Where people's statements (manual evidence, approvals, exceptions) are stored, when the snapshot archives them. */
  readonly manual?: { readonly blobs: Pick<BlobStore, 'get'> };
  /** Statement reads in flight at once (default 16). */
  readonly concurrency?: number;
  /** Where observation statements are read from when `manual` is not given (the deployed snapshot service). */
  readonly statements?: Pick<BlobStore, 'get'>;
};

/** The leaf kind a ledger entry records (entries written before typed leaves are artifacts). */
function entryKind(e: LedgerEntry): LeafKind {
  const kind = (e as LedgerEntry & { kind?: string }).kind ?? 'artifact';
  if (!(LEAF_KINDS as readonly string[]).includes(kind))
    throw new IntegrityError('leaf-kind', `ledger entry ${e.index} has unknown leaf kind ${kind}`);
  return kind as LeafKind;
}

/** The kind a statement entry's key names, `manual` for keys written before kinds had prefixes of their own. */
function statementKindOf(e: LedgerEntry): LeafKind {
  const prefix = e.key.split('/')[0] ?? '';
  return prefix !== 'artifact' && (LEAF_KINDS as readonly string[]).includes(prefix)
    ? (prefix as LeafKind)
    : 'manual';
}

/** Path of a statement leaf's bytes inside a snapshot. */
export const statementPath = (sha256: string): string => `leaves/${sha256}.json`;

/**
 * The leaf hash of an entry. An entry is a statement leaf when it records a kind other than artifact, or a statement
 * leaf hash (`leafHash`, as manual evidence appends it); its bytes are read from the store, checked against the
 * entry's SHA-256, decoded, and must hash to the recorded leaf hash.
 */
async function leafOf(e: LedgerEntry, deps: Deps): Promise<{ hash: Buffer; kind: LeafKind; bytes?: Buffer }> {
  const declared = entryKind(e);
  if (declared === 'artifact' && !e.leafHash)
    return { hash: leafHash(Buffer.from(e.sha256, 'hex')), kind: declared };
  const blobs =
    deps.manual?.blobs ??
    (e.key.startsWith('observation/') || e.key.startsWith('coverage/') ? deps.statements : undefined);
  if (e.leafHash && !blobs) {
    // A person's statement in a snapshot that does not archive manual evidence: its recorded leaf hash still
    // recomputes both roots; the statement itself is listed as not archived.
    // Its kind is the first segment of its key (statementKey: `<kind>/<yyyy>/<mm>/<dd>/<sha256>.json`).
    return {
      hash: Buffer.from(e.leafHash, 'hex'),
      kind: declared === 'artifact' ? statementKindOf(e) : declared,
    };
  }
  const bytes = e.leafHash ? await blobs!.get(e.key, e.sha256) : await deps.store.getBytes(e.key, e.sha256);
  const decoded = decodeLeaf(bytes);
  const kind = (e as LedgerEntry & { kind?: string }).kind === undefined ? decoded.kind : declared;
  if (decoded.kind !== kind)
    throw new IntegrityError(
      'leaf-kind',
      `ledger entry ${e.index} says ${kind}, its bytes are ${decoded.kind}`,
    );
  const hash = leafHash(bytes);
  if (e.leafHash && hash.toString('hex') !== e.leafHash)
    throw new IntegrityError(
      'leaf-hash',
      `ledger entry ${e.index}: its statement does not hash to its leaf hash`,
    );
  return { hash, kind, bytes };
}

/**
 * The compact range of the tree at `size`, from the audit path of its last leaf: the path's first k hashes (k = the
 * lowest set bit of size) fold with the leaf into the smallest subtree, the rest are the larger subtrees.
 */
async function rangeAt(size: number, deps: Deps): Promise<CompactRange> {
  if (size === 0) return CompactRange.empty();
  const last = await deps.ledger.entryAt(size - 1);
  if (!last) throw new IntegrityError('population', `the log has no leaf ${size - 1}`);
  const path = (await deps.ledger.inclusionProof(size - 1, size)).map((h) => Buffer.from(h, 'hex'));
  let k = 0;
  while (((size >> k) & 1) === 0) k++;
  let node = (await leafOf(last, deps)).hash;
  for (let i = 0; i < k; i++) node = nodeHash(path[i]!, node);
  return CompactRange.from(size, [...path.slice(k).reverse(), node]);
}

/**
 * Lists every leaf in [from, to) with its kind, collector, scope and whether the snapshot archives it; statement
 * leaves are archived whole (they are small). Checks that the list recomputes both roots before returning.
 */
export async function buildLogPopulation(
  from: { treeSize: number; rootHash: string },
  to: { treeSize: number; rootHash: string },
  included: ReadonlySet<string>,
  deps: Deps,
): Promise<{ population: LogPopulation; statements: StatementFile[] }> {
  const range = await rangeAt(from.treeSize, deps);
  const startRange = range.hashes().map((h) => h.toString('hex'));
  if (range.root().toString('hex') !== from.rootHash)
    throw new IntegrityError(
      'population',
      `the log at ${from.treeSize} leaves does not match the start checkpoint`,
    );
  const leaves: PopulationLeaf[] = [];
  const statements: StatementFile[] = [];
  // Statement leaves are read from the store a chunk at a time, several at once, and appended in log order.
  const limit = pLimit(deps.concurrency ?? 16);
  const add = (e: LedgerEntry, leaf: Awaited<ReturnType<typeof leafOf>>) => {
    range.append(leaf.hash);
    const archived = leaf.bytes !== undefined || included.has(e.sha256);
    if (leaf.bytes) statements.push({ path: statementPath(e.sha256), bytes: leaf.bytes });
    leaves.push({
      index: e.index,
      leafHash: leaf.hash.toString('hex'),
      kind: leaf.kind,
      collector: e.collector,
      scope: e.scope,
      sha256: e.sha256,
      status: archived ? 'included' : 'excluded',
      ...(archived ? {} : { reason: EXCLUDED_NOT_CITED }),
    });
  };
  let chunk: LedgerEntry[] = [];
  const flush = async () => {
    const read = await Promise.all(chunk.map((e) => limit(() => leafOf(e, deps))));
    chunk.forEach((e, i) => add(e, read[i]!));
    chunk = [];
  };
  for await (const e of deps.ledger.entries(from.treeSize, to.treeSize)) {
    chunk.push(e);
    if (chunk.length >= 256) await flush();
  }
  await flush();
  if (range.size !== to.treeSize || range.root().toString('hex') !== to.rootHash)
    throw new IntegrityError('population', `the log's leaves do not add up to the closing checkpoint`);
  return {
    population: { fromTreeSize: from.treeSize, toTreeSize: to.treeSize, startRange, leaves },
    statements,
  };
}
