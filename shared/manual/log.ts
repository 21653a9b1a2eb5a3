import { IntegrityError } from '../errors.js';
import { decodeLeaf, encodeStatement, type StatementOf } from '../ledger/leaf.js';
import { leafHash } from '../ledger/merkle.js';
import type { LogAppender } from '../ledger/append-request.js';
import type { Ledger, LedgerEntry, LedgerRecord } from '../ledger/types.js';
import { PERSON_KINDS, type BlobStore, type PersonKind } from './types.js';

import { statementKey } from './files.js';

export type PersonStatement = StatementOf<PersonKind>;

/** A statement as logged: its bytes' SHA-256 (the id people quote), where they are stored, its log index. */
export interface Logged<S extends PersonStatement = PersonStatement> {
  readonly id: string;
  readonly key: string;
  readonly index: number;
  readonly statement: S;
}

function instantOf(s: PersonStatement): string {
  return s.kind === 'approval' ? s.at : s.addedAt;
}

function scopeOf(s: PersonStatement): string {
  if (s.kind === 'approval') return `evidence=${s.evidence}`;
  if (s.kind === 'exception') return `control=${s.control}${s.resource ? `,resource=${s.resource}` : ''}`;
  return [...s.requirements.map((r) => `requirement=${r}`), ...s.controls.map((c) => `control=${c}`)].join(
    ',',
  );
}

/**
 * The ledger record of a statement leaf: its identity is the SHA-256 of the canonical statement bytes, and its
 * leaf hash is SHA-256(0x00 || those bytes), so anyone holding the stored statement file recomputes it.
 */
function statementRecord(
  statement: PersonStatement,
  key: string,
  bytes: Buffer,
  sha256: string,
): LedgerRecord {
  const at = instantOf(statement);
  return {
    sha256,
    key,
    collector: statement.kind,
    scope: scopeOf(statement),
    observedAt: at,
    collectedAt: at,
    leafHash: leafHash(bytes).toString('hex'),
  };
}

/**
 * A statement handed to the log: its `index` when it was appended at once (the local locker), absent when it was
 * queued for the sequencer (a deployment: the sequencer appends it on its next run, after checking the bytes).
 */
export type Appended<S extends PersonStatement = PersonStatement> = Omit<Logged<S>, 'index'> & {
  readonly index?: number;
};

/**
 * Stores a statement's bytes create-only, then hands its record to the log: the ledger itself, or the sequencer's
 * append queue (store first: a logged leaf is always readable).
 */
export async function appendStatement<S extends PersonStatement>(
  appender: LogAppender,
  blobs: BlobStore,
  statement: S,
): Promise<Appended<S>> {
  const { bytes, sha256 } = encodeStatement(statement);
  const key = statementKey(statement.kind, instantOf(statement), sha256);
  await blobs.put(key, bytes, 'application/json');
  const { index } = await appender.append(statementRecord(statement, key, bytes, sha256));
  return { id: sha256, key, ...(index === undefined ? {} : { index }), statement };
}

/** Reads a logged statement back from the store, checking its bytes against the log (hash and leaf hash). */
async function readStatement(blobs: BlobStore, entry: LedgerEntry): Promise<Logged> {
  const bytes = await blobs.get(entry.key, entry.sha256);
  if (entry.leafHash !== leafHash(bytes).toString('hex')) {
    throw new IntegrityError('leaf-hash', `statement ${entry.key} does not match its log leaf`, {
      index: entry.index,
      key: entry.key,
    });
  }
  const decoded = decodeLeaf(bytes);
  if (decoded.kind !== entry.collector) {
    throw new IntegrityError('leaf-kind', `statement ${entry.key} is not a ${entry.collector} leaf`, {
      index: entry.index,
    });
  }
  return { id: entry.sha256, key: entry.key, index: entry.index, statement: decoded as PersonStatement };
}

/**
 * Every manual, approval and exception statement in the log, in log order. Found through the store's statement
 * prefixes and looked up in the log by hash, so the cost grows with the statements, not with the log. A statement
 * stored but never appended (a crash between the two writes) is not in the log and is skipped; one whose bytes no
 * longer match its leaf raises an IntegrityError.
 */
export async function loadStatements(
  ledger: Pick<Ledger, 'get'>,
  blobs: BlobStore,
  treeSize = Number.POSITIVE_INFINITY,
): Promise<Logged[]> {
  const out: Logged[] = [];
  for (const kind of PERSON_KINDS) {
    for await (const key of blobs.list(kind)) {
      const sha = /([0-9a-f]{64})\.json$/.exec(key)?.[1];
      const entry = sha ? await ledger.get(sha) : undefined;
      if (!entry || entry.index >= treeSize) continue;
      if (entry.key !== key || entry.collector !== kind || !entry.leafHash) {
        throw new IntegrityError(
          'statement-entry',
          `log entry ${entry.index} does not name statement ${key}`,
          {
            index: entry.index,
            key,
          },
        );
      }
      out.push(await readStatement(blobs, entry));
    }
  }
  return out.sort((a, b) => a.index - b.index);
}
