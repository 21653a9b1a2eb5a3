import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Control, Framework } from '../../frameworks/index.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { sha256Hex } from '../evidence/canonical.js';
import { LEAF_SCHEMA, type StatementOf } from '../ledger/leaf.js';
import type { LogAppender } from '../ledger/append-request.js';
import type { Ledger } from '../ledger/types.js';
import type { BlobStore } from './types.js';
import { checkFileSize, fileKey, mediaTypeOf } from './files.js';
import { appendStatement, loadStatements, type Appended, type Logged } from './log.js';

/** What the manual commands need: the log, the store, the catalogs they check names against, a clock. */
export interface ManualDeps {
  /** The log: read to find statements; written to when no `appender` is given (the local locker). */
  readonly ledger: Ledger;
  /** Where new statements go instead of the ledger: the sequencer's append queue in a deployment. */
  readonly appender?: LogAppender;
  readonly blobs: BlobStore;
  readonly frameworks: readonly Framework[];
  readonly controls: readonly Control[];
  readonly clock: () => Date;
}

export interface DocumentInput {
  readonly requirements: readonly string[];
  readonly controls: readonly string[];
  readonly title: string;
  readonly owner: string;
  readonly addedBy?: string;
  readonly validUntil?: string;
  readonly periodStart?: string;
  readonly periodEnd?: string;
}

export interface AddEvidenceInput extends DocumentInput {
  /** Path of the document to read. */
  readonly file: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkDay(option: string, value: string | undefined, problems: string[]): void {
  if (value === undefined) return;
  if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    problems.push(`${option}: not a date (YYYY-MM-DD): ${value}`);
}

/** Checks requirement (`<framework>:<id>`) and control names against the catalogs; returns the problems. */
function unknownTargets(
  deps: Pick<ManualDeps, 'frameworks' | 'controls'>,
  requirements: readonly string[],
  controls: readonly string[],
): string[] {
  const problems: string[] = [];
  for (const r of requirements) {
    const [fw, ...rest] = r.split(':');
    const id = rest.join(':');
    const framework = deps.frameworks.find((f) => f.id === fw);
    if (!framework) problems.push(`--requirement ${r}: unknown framework ${fw ?? ''}`);
    else if (!framework.requirements.some((q) => q.id === id && q.assessable))
      problems.push(`--requirement ${r}: ${framework.id} has no assessable requirement ${id}`);
  }
  for (const c of controls)
    if (!deps.controls.some((x) => x.id === c)) problems.push(`--control ${c}: unknown control`);
  return problems;
}

/** Checks everything about a document but its file; throws a ValidationError listing every problem. */
function checkDocument(
  deps: Pick<ManualDeps, 'frameworks' | 'controls' | 'clock'>,
  input: DocumentInput,
): void {
  const problems = unknownTargets(deps, input.requirements, input.controls);
  if (input.requirements.length + input.controls.length === 0)
    problems.push('name at least one --requirement or --control');
  for (const [o, v] of [
    ['--valid-until', input.validUntil],
    ['--period-start', input.periodStart],
    ['--period-end', input.periodEnd],
  ] as const)
    checkDay(o, v, problems);
  const today = deps.clock().toISOString().slice(0, 10);
  if (input.validUntil && DAY.test(input.validUntil) && input.validUntil < today)
    problems.push(`--valid-until: ${input.validUntil} is in the past (today is ${today})`);
  if (input.periodStart && input.periodEnd && input.periodStart > input.periodEnd)
    problems.push(`--period-start ${input.periodStart} is after --period-end ${input.periodEnd}`);
  if (!input.title.trim()) problems.push('--title: empty');
  if (!input.owner.trim()) problems.push('--owner: empty');
  if (problems.length) throw new ValidationError('evidence add', problems);
}

/**
 * Adds a document from a file: every input is checked first (targets, dates, file present, not empty, within the
 * limit, an accepted type), so bad input stores nothing. Then see {@link addDocument}.
 */
export async function addEvidence(
  deps: ManualDeps,
  input: AddEvidenceInput,
): Promise<Appended<StatementOf<'manual'>>> {
  return addDocument(deps, { ...input, ...(await readEvidenceFile(deps, input)) });
}

/**
 * Checks every input of `evidence add` (targets, dates, file present, a regular file, not empty, within the limit, an
 * accepted type) and reads the file: the local locker and the deployed upload both start here, so bad input stores
 * and uploads nothing.
 */
export async function readEvidenceFile(
  deps: Pick<ManualDeps, 'frameworks' | 'controls' | 'clock'>,
  input: AddEvidenceInput,
): Promise<{ fileName: string; bytes: Buffer }> {
  checkDocument(deps, input);
  const fileName = basename(input.file);
  mediaTypeOf(fileName);
  const info = await stat(input.file).catch((e: unknown) => {
    throw new ValidationError('evidence file', [`${input.file}: no such file`], { cause: e });
  });
  if (!info.isFile()) throw new ValidationError('evidence file', [`${input.file}: not a regular file`]);
  checkFileSize(fileName, info.size);
  return { fileName, bytes: await readFile(input.file) };
}

/**
 * Adds a document from its bytes (checked like a file): the file is stored create-only under its hash, then its
 * `manual` statement (the metadata envelope) is stored and appended to the log.
 */
export async function addDocument(
  deps: ManualDeps,
  input: DocumentInput & { readonly fileName: string; readonly bytes: Buffer },
): Promise<Appended<StatementOf<'manual'>>> {
  checkDocument(deps, input);
  const { fileName, bytes } = input;
  const { ext, mediaType } = mediaTypeOf(fileName);
  checkFileSize(fileName, bytes.length);
  const fileSha256 = sha256Hex(bytes);
  await deps.blobs.put(fileKey(fileSha256, ext), bytes, mediaType);
  return logDocument(deps, input, { fileName, fileSha256, size: bytes.length });
}

/**
 * Logs the `manual` statement of a file already stored under its hash and checked against it (an upload through
 * a presigned PUT, read back and rehashed by the caller). The document's fields are checked first.
 */
export async function logDocument(
  deps: ManualDeps,
  input: DocumentInput,
  file: { readonly fileName: string; readonly fileSha256: string; readonly size: number },
): Promise<Appended<StatementOf<'manual'>>> {
  checkDocument(deps, input);
  const { ext, mediaType } = mediaTypeOf(file.fileName);
  checkFileSize(file.fileName, file.size);
  return appendStatement(deps.appender ?? deps.ledger, deps.blobs, {
    leaf: LEAF_SCHEMA,
    kind: 'manual',
    fileSha256: file.fileSha256,
    key: fileKey(file.fileSha256, ext),
    fileName: file.fileName,
    size: file.size,
    mediaType,
    title: input.title.trim(),
    owner: input.owner.trim(),
    requirements: [...new Set(input.requirements)].sort(),
    controls: [...new Set(input.controls)].sort(),
    ...(input.validUntil ? { validUntil: input.validUntil } : {}),
    ...(input.periodStart ? { periodStart: input.periodStart } : {}),
    ...(input.periodEnd ? { periodEnd: input.periodEnd } : {}),
    addedAt: deps.clock().toISOString(),
    addedBy: (input.addedBy ?? input.owner).trim(),
  });
}

/** Finds a logged manual document by its id (full hash or a unique prefix of at least 8 characters). */
export function findEvidence(all: readonly Logged[], id: string): Logged<StatementOf<'manual'>> {
  const docs = all.filter(
    (l): l is Logged<StatementOf<'manual'>> => l.statement.kind === 'manual' && l.id.startsWith(id),
  );
  if (id.length < 8 || docs.length !== 1) throw new NotFoundError('manual evidence', id);
  return docs[0]!;
}

/**
 * Approves a logged document. The approver must be named and must not be the person who added it (a reviewer
 * approving their own upload is no review).
 */
export async function approveEvidence(
  deps: ManualDeps,
  input: { readonly id: string; readonly by: string; readonly note?: string },
): Promise<Appended<StatementOf<'approval'>>> {
  const by = input.by.trim();
  if (!by) throw new ValidationError('evidence approve', ['--by: empty']);
  const doc = findEvidence(await loadStatements(deps.ledger, deps.blobs), input.id);
  if (by === doc.statement.addedBy) {
    throw new ValidationError('evidence approve', [
      `--by ${by}: added this document; another person must approve it`,
    ]);
  }
  return appendStatement(deps.appender ?? deps.ledger, deps.blobs, {
    leaf: LEAF_SCHEMA,
    kind: 'approval',
    evidence: doc.id,
    by,
    at: deps.clock().toISOString(),
    ...(input.note ? { note: input.note } : {}),
  });
}

/** Records a risk acceptance for a control (optionally one resource) until `expires`, which must be in the future. */
export async function addException(
  deps: ManualDeps,
  input: { control: string; resource?: string; reason: string; owner: string; expires: string },
): Promise<Appended<StatementOf<'exception'>>> {
  const problems = unknownTargets(deps, [], [input.control]);
  checkDay('--expires', input.expires, problems);
  const today = deps.clock().toISOString().slice(0, 10);
  if (DAY.test(input.expires) && input.expires <= today)
    problems.push(`--expires: ${input.expires} is not in the future (today is ${today})`);
  if (!input.reason.trim()) problems.push('--reason: empty');
  if (!input.owner.trim()) problems.push('--owner: empty');
  if (problems.length) throw new ValidationError('exception add', problems);
  return appendStatement(deps.appender ?? deps.ledger, deps.blobs, {
    leaf: LEAF_SCHEMA,
    kind: 'exception',
    control: input.control,
    ...(input.resource ? { resource: input.resource } : {}),
    reason: input.reason.trim(),
    owner: input.owner.trim(),
    expires: input.expires,
    addedAt: deps.clock().toISOString(),
  });
}
