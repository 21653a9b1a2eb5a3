import type { Command } from 'commander';
import type { AddEvidenceInput } from '../../manual/add.js';
import type { ManualDocument } from '../../manual/state.js';
import { CODES, commaList, commandInput, runAction, usage, type CommandInput } from '../common.js';
import { processIo, renderTable, useColor, writeJson, type CliIo } from '../output.js';

interface EvidenceAddOptions {
  readonly requirement?: string[];
  readonly control?: string[];
  readonly file?: string;
  readonly title?: string;
  readonly owner?: string;
  readonly by?: string;
  readonly validUntil?: string;
  readonly periodStart?: string;
  readonly periodEnd?: string;
}

/** Options commander cannot require on its own (one of two), checked before anything is opened. */
function addInput(io: CliIo, o: EvidenceAddOptions): AddEvidenceInput {
  const missing = (['file', 'title', 'owner'] as const).filter((k) => !o[k]).map((k) => `--${k}`);
  if (!o.requirement?.length && !o.control?.length) missing.unshift('--requirement or --control');
  if (missing.length) usage(io, 'evidence add', `required: ${missing.join(', ')}`);
  return {
    requirements: o.requirement ?? [],
    controls: o.control ?? [],
    file: o.file!,
    title: o.title!,
    owner: o.owner!,
    ...(o.by ? { addedBy: o.by } : {}),
    ...(o.validUntil ? { validUntil: o.validUntil } : {}),
    ...(o.periodStart ? { periodStart: o.periodStart } : {}),
    ...(o.periodEnd ? { periodEnd: o.periodEnd } : {}),
  };
}

/** Where a statement went: its log index, or the sequencer's queue (a deployment appends within 5 minutes). */
const placed = (index: number | undefined) =>
  index === undefined
    ? 'queued for the log (the sequencer appends it within 5 minutes)'
    : `log index ${index}`;

/**
 * `evidence add`: stores a document create-only and logs its `manual` statement; against a deployment through its
 * upload API (presigned create-only PUT, then the API checks size and SHA-256). Exit 2 on bad input.
 */
async function runEvidenceAdd(input: CommandInput, o: EvidenceAddOptions, io: CliIo): Promise<number> {
  const add = addInput(io, o);
  const { withManual } = await import('../manual-context.js');
  const { addEvidence } = await import('../../manual/add.js');
  const { uploadEvidence } = await import('../../manual/remote.js');
  return withManual(input, io, 'evidence add', async (deps, _backend, api) => {
    if (api && add.addedBy)
      io.err('note: in a deployment the uploader logged is your IAM identity, not --by\n');
    const logged = api ? await uploadEvidence(api, deps, add) : await addEvidence(deps, add);
    if (input.json) writeJson(io, logged);
    else
      io.out(
        `added ${logged.statement.fileName} as evidence ${logged.id}\n  ${placed(logged.index)}, statement ${logged.key}\n` +
          `  awaiting approval: flux-evidence evidence approve ${logged.id.slice(0, 12)} --by <reviewer>\n`,
      );
    return CODES.OK;
  });
}

/** `evidence approve <id> --by <name>`: logs an approval statement for a document. */
async function runEvidenceApprove(
  input: CommandInput,
  id: string,
  o: { by?: string; note?: string },
  io: CliIo,
): Promise<number> {
  const { withManual } = await import('../manual-context.js');
  const { approveEvidence } = await import('../../manual/add.js');
  const { approveRemote } = await import('../../manual/remote.js');
  return withManual(input, io, 'evidence approve', async (deps, _backend, api) => {
    // In a deployment the approver is the caller's IAM identity; locally it is the name given.
    if (!api && !o.by) usage(io, 'evidence approve', 'required: --by <name>');
    const note = o.note ? { note: o.note } : {};
    const logged = api
      ? await approveRemote(api, { id, ...note })
      : await approveEvidence(deps, { id, by: o.by!, ...note });
    if (input.json) writeJson(io, logged);
    else
      io.out(
        `approved evidence ${logged.statement.evidence} by ${logged.statement.by} (approval ${logged.id}, ${placed(logged.index)})\n`,
      );
    return CODES.OK;
  });
}

const docRow = (d: ManualDocument) => [
  d.id.slice(0, 12),
  d.statement.title,
  [...d.statement.requirements, ...d.statement.controls].join(' '),
  d.statement.owner,
  d.statement.validUntil ?? '-',
  d.approvals.length ? d.approvals.map((a) => a.statement.by).join(', ') : 'pending',
];

/** `evidence list` and `evidence show <id>`: the logged documents (files verified against the log on show). */
async function runEvidenceList(input: CommandInput, io: CliIo, id?: string): Promise<number> {
  const { withManual } = await import('../manual-context.js');
  const { loadStatements } = await import('../../manual/log.js');
  const { manualView } = await import('../../manual/state.js');
  const { findEvidence } = await import('../../manual/add.js');
  return withManual(input, io, id ? 'evidence show' : 'evidence list', async (deps) => {
    const all = await loadStatements(deps.ledger, deps.blobs);
    const view = manualView(all);
    if (id === undefined) {
      if (input.json) writeJson(io, { documents: view.documents });
      else
        io.out(
          renderTable(
            ['id', 'title', 'serves', 'owner', 'valid until', 'approved by'],
            view.documents.map(docRow),
            useColor(io),
          ),
        );
      return CODES.OK;
    }
    const doc = view.documents.find((d) => d.id === findEvidence(all, id).id)!;
    await deps.blobs.get(doc.statement.key, doc.statement.fileSha256);
    if (input.json) writeJson(io, { ...doc, fileVerified: true });
    else {
      const s = doc.statement;
      io.out(
        `${s.title}\n  id ${doc.id} (log index ${doc.index})\n  file ${s.fileName} (${s.mediaType}, ${s.size} bytes) sha256 ${s.fileSha256}, verified\n` +
          `  serves ${[...s.requirements, ...s.controls].join(', ')}\n  owner ${s.owner}; added ${s.addedAt} by ${s.addedBy}\n` +
          `  valid until ${s.validUntil ?? '(no end date)'}${s.periodStart ? `; period ${s.periodStart} .. ${s.periodEnd ?? ''}` : ''}\n` +
          (doc.approvals.length
            ? doc.approvals
                .map((a) => `  approved by ${a.statement.by} at ${a.statement.at} (${a.id})\n`)
                .join('')
            : '  not approved yet\n'),
      );
    }
    return CODES.OK;
  });
}

/** Registers `flux-evidence evidence add|list|show|approve`. */
export function registerEvidence(program: Command): Command {
  const evidence = program
    .command('evidence')
    .description('manual evidence: add documents, list and show them, approve them');
  evidence
    .command('add')
    .description('store a document (PDF, DOCX, XLSX, PNG, CSV, TXT, MD; up to 100 MiB) and log it')
    .option(
      '--requirement <framework:id>',
      'requirement it serves, e.g. soc2-2017:CC1.1 (repeatable)',
      commaList,
    )
    .option('--control <ID>', 'common control it serves, e.g. GOV-01 (repeatable)', commaList)
    .option('--file <path>', 'the document')
    .option('--title <text>', 'title shown to auditors')
    .option('--owner <name>', 'who owns the document')
    .option('--by <name>', 'who adds it (default: the owner)')
    .option('--valid-until <date>', 'last day the document is valid, YYYY-MM-DD')
    .option('--period-start <date>', 'first day the document covers, YYYY-MM-DD')
    .option('--period-end <date>', 'last day the document covers, YYYY-MM-DD')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExit codes: 0 stored and logged, 2 bad input (nothing stored), 3 runtime error.')
    .action(async (opts: EvidenceAddOptions, cmd: Command) => {
      const io = processIo();
      await runAction(io, 'evidence add', () => runEvidenceAdd(commandInput(cmd), opts, io));
    });
  evidence
    .command('approve <id>')
    .description('approve a document (id or a unique prefix of 8+ characters); the approver is logged')
    .option('--by <name>', 'the reviewer (not the person who added it); a deployment logs your IAM identity')
    .option('--note <text>', 'review note')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { by?: string; note?: string }, cmd: Command) => {
      const io = processIo();
      await runAction(io, 'evidence approve', () => runEvidenceApprove(commandInput(cmd), id, opts, io));
    });
  evidence
    .command('list')
    .description('the logged documents with their approvals')
    .option('--json', 'machine-readable output')
    .action(async (_o: unknown, cmd: Command) => {
      const io = processIo();
      await runAction(io, 'evidence list', () => runEvidenceList(commandInput(cmd), io));
    });
  evidence
    .command('show <id>')
    .description('one document: metadata, approvals, and its stored file checked against the log')
    .option('--json', 'machine-readable output')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const io = processIo();
      await runAction(io, 'evidence show', () => runEvidenceList(commandInput(cmd), io, id));
    });
  return evidence;
}
