import type { Command } from 'commander';
import { FRAMEWORK_IDS } from '../../../frameworks/ids.js';
import { CODES, commandInput, runAction, usage, type CommandInput } from '../common.js';
import { processIo, renderTable, useColor, wrapText, writeJson, type CliIo } from '../output.js';

interface ExceptionAddOptions {
  readonly control?: string;
  readonly resource?: string;
  readonly reason?: string;
  readonly owner?: string;
  readonly expires?: string;
}

/** `exception add`: logs a risk acceptance. The control's failure stays visible; status and window show it. */
async function runExceptionAdd(input: CommandInput, o: ExceptionAddOptions, io: CliIo): Promise<number> {
  const missing = (['control', 'reason', 'owner', 'expires'] as const)
    .filter((k) => !o[k])
    .map((k) => `--${k}`);
  if (missing.length) usage(io, 'exception add', `required: ${missing.join(', ')}`);
  const { withManual } = await import('../manual-context.js');
  const { addException } = await import('../../manual/add.js');
  const { exceptionRemote } = await import('../../manual/remote.js');
  return withManual(input, io, 'exception add', async (deps, _backend, api) => {
    const exception = {
      control: o.control!,
      reason: o.reason!,
      owner: o.owner!,
      expires: o.expires!,
      ...(o.resource ? { resource: o.resource } : {}),
    };
    // A deployment takes it through its HTTP API, which queues it for the sequencer (the log's one writer).
    const logged = api ? await exceptionRemote(api, exception) : await addException(deps, exception);
    if (input.json) writeJson(io, logged);
    else
      io.out(
        `exception ${logged.id} ${logged.index === undefined ? 'queued for the log' : `logged (index ${logged.index})`}: ${logged.statement.control}` +
          `${logged.statement.resource ? ` ${logged.statement.resource}` : ''} accepted by ${logged.statement.owner} until ${logged.statement.expires}\n`,
      );
    return CODES.OK;
  });
}

/** `requests --framework <id> [--csv] [--all]`: the PBC list of manual evidence still needed. */
async function runRequests(
  input: CommandInput,
  o: { framework?: string; csv?: boolean; all?: boolean; expiringDays?: string },
  io: CliIo,
): Promise<number> {
  if (!o.framework || !(FRAMEWORK_IDS as readonly string[]).includes(o.framework))
    usage(io, 'requests', `--framework: one of ${FRAMEWORK_IDS.join(', ')}`);
  const days = Number(o.expiringDays ?? 30);
  if (!Number.isInteger(days) || days < 0)
    usage(io, 'requests', `--expiring-days: not a whole number of days`);
  const { withManual } = await import('../manual-context.js');
  const { loadStatements } = await import('../../manual/log.js');
  const { manualView } = await import('../../manual/state.js');
  const { evidenceRequests, requestsCsv } = await import('../../manual/requests.js');
  return withManual(input, io, 'requests', async (deps) => {
    const view = manualView(await loadStatements(deps.ledger, deps.blobs));
    const framework = deps.frameworks.find((f) => f.id === o.framework)!;
    const rows = evidenceRequests(framework, deps.controls, view, deps.clock(), {
      expiringDays: days,
      outstanding: !o.all,
    });
    if (o.csv) io.out(requestsCsv(rows));
    else if (input.json) writeJson(io, { framework: framework.id, requests: rows });
    else
      io.out(
        renderTable(
          ['requirement', 'evidence needed', 'state', 'valid until'],
          rows.map((r) => [
            r.requirement,
            r.needed.map((n) => wrapText(n, 80)).join('\n'),
            r.state,
            r.validUntil ?? '-',
          ]),
          useColor(io),
        ) + `${rows.length} requirement(s) ${o.all ? 'need' : 'still need'} manual evidence\n`,
      );
    return CODES.OK;
  });
}

/** Registers `flux-evidence exception add` and `flux-evidence requests`. */
export function registerException(program: Command): Command {
  program
    .command('exception')
    .description('risk acceptances for failing controls')
    .command('add')
    .description(
      'accept a control failure (optionally for one resource) until a date; the failure stays visible',
    )
    .option('--control <ID>', 'common control, e.g. IAM-01')
    .option('--resource <r>', 'one failing resource (default: the whole control)')
    .option('--reason <text>', 'why the risk is accepted')
    .option('--owner <name>', 'who accepts the risk')
    .option('--expires <date>', 'last day the acceptance holds, YYYY-MM-DD (in the future)')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExit codes: 0 logged, 2 bad input (nothing stored), 3 runtime error.')
    .action(async (opts: ExceptionAddOptions, cmd: Command) => {
      const io = processIo();
      await runAction(io, 'exception add', () => runExceptionAdd(commandInput(cmd), opts, io));
    });
  return program
    .command('requests')
    .description(
      "the PBC list: manual evidence still needed per requirement, from the catalogs' evidence hints",
    )
    .option('--framework <id>', `framework (${FRAMEWORK_IDS.join(', ')})`)
    .option('--csv', "CSV for a spreadsheet or the auditor's request tracker")
    .option('--all', 'include requirements whose manual evidence is current')
    .option('--expiring-days <n>', 'list evidence expiring within n days as still needed (default 30)')
    .option('--json', 'machine-readable output')
    .action(
      async (
        opts: { framework?: string; csv?: boolean; all?: boolean; expiringDays?: string },
        cmd: Command,
      ) => {
        const io = processIo();
        await runAction(io, 'requests', () => runRequests(commandInput(cmd), opts, io));
      },
    );
}
