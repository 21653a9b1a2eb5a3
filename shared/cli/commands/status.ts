import type { Command } from 'commander';
import { FRAMEWORK_IDS } from '../../../frameworks/ids.js';
import { CODES, commandInput, runAction, usage, type CommandInput } from '../common.js';
import type { FrameworkStatus } from '../ops/status.js';
import { columnsOf, processIo, renderTable, useColor, wrapText, writeJson, type CliIo } from '../output.js';

const MAX_RESOURCES = 8;
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Renders the status tables (one per framework, then its failing controls with their resources). */
function renderStatus(report: readonly FrameworkStatus[], color: boolean, width?: number): string {
  let s = '';
  for (const f of report) {
    s += `\n${f.title} (${f.framework})\n`;
    s += renderTable(
      ['met', 'failing', 'unknown', 'manual'],
      [[f.counts.met, f.counts.failing, f.counts.unknown, f.counts.manual]],
      color,
      width,
    );
    if (f.failingControls.length) {
      const rows = f.failingControls.flatMap((c) => {
        const shown = (c.resources.length ? c.resources : [{ resource: '-', reason: '' }]).slice(
          0,
          MAX_RESOURCES,
        );
        const more = c.resources.length - shown.length;
        return [
          ...shown,
          ...(more > 0 ? [{ resource: `... and ${more} more (--json lists all)`, reason: '' }] : []),
        ].map((r, i) => [
          i === 0 ? `${c.controlId} ${cut(c.title, 40)}` : '',
          i === 0 ? c.since.slice(0, 10) : '',
          r.resource,
          r.reason,
        ]);
      });
      s += `Failing controls:\n${renderTable(['control', 'failing since', 'resource', 'reason'], rows, color, width)}`;
    }
    if (f.unknownControls.length) {
      s += `Unknown controls (why the state is not known):\n${renderTable(
        ['control', 'reason'],
        f.unknownControls.map((c) => [`${c.controlId} ${cut(c.title, 40)}`, c.reason]),
        color,
        width,
      )}`;
    }
    s += renderManualHalf(f, color, width);
  }
  return s;
}

/** The manual halves: counts, then what is expiring, expired or missing, and accepted exceptions. */
function renderManualHalf(f: FrameworkStatus, color: boolean, width?: number): string {
  const halves = f.requirements.filter((r) => r.manual);
  if (!halves.length) return '';
  const n = (st: string) => halves.filter((r) => r.manual!.state === st).length;
  let s = `Manual evidence: ${n('current')} current, ${n('expiring')} expiring, ${n('expired')} expired, ${n('missing')} missing\n  (list what is needed: flux-evidence requests --framework ${f.framework})\n`;
  const notable = halves.filter((r) => r.manual!.state === 'expiring' || r.manual!.state === 'expired');
  if (notable.length)
    s += renderTable(
      ['requirement', 'manual', 'document', 'valid until'],
      notable.map((r) => [
        r.id,
        r.manual!.state,
        r.manual!.document?.title ?? '-',
        r.manual!.document?.validUntil ?? '-',
      ]),
      color,
      width,
    );
  const accepted = f.failingControls.flatMap((c) =>
    (c.exceptions ?? []).map((e) => [
      c.controlId,
      e.resource ?? '(all)',
      e.owner,
      e.expires,
      cut(e.reason, 60),
    ]),
  );
  if (accepted.length)
    s += `Accepted exceptions (still failing):\n${renderTable(['control', 'resource', 'owner', 'expires', 'reason'], accepted, color, width)}`;
  return s;
}

/**
 * `status`: the current state of each framework from the stored control states. Exit 0 when no requirement is
 * failing, 1 when one is, 2 for bad options or configuration, 3 on a runtime error.
 */
async function runStatus(
  input: CommandInput,
  opts: { framework?: string; control?: string },
  io: CliIo,
): Promise<number> {
  if (opts.control) {
    const { runExplain } = await import('./explain.js');
    return runExplain(input, opts.control, io);
  }
  if (opts.framework && !(FRAMEWORK_IDS as readonly string[]).includes(opts.framework)) {
    usage(
      io,
      'status',
      `--framework: unknown framework ${opts.framework} (known: ${FRAMEWORK_IDS.join(', ')})`,
    );
  }
  // Loaded here, not at the top: the catalog (rules, collectors) and the backend are for running only.
  const { withBackend } = await import('../context.js');
  const { frameworksInScope, loadCatalog } = await import('../catalog.js');
  const { statusReport } = await import('../ops/status.js');
  const { loadStatements } = await import('../../manual/log.js');
  const { manualView, DEFAULT_EXPIRING_DAYS } = await import('../../manual/state.js');
  const { envNow } = await import('../manual-context.js');
  const { coverageLine, latestCoverage, summarizeCoverage } = await import('../../ledger/coverage.js');
  return withBackend(input, io, async (config, backend) => {
    const catalog = loadCatalog();
    const view = manualView(await loadStatements(backend.ledger, backend.blobs));
    const at = envNow(io, 'status') ?? new Date();
    const report = await statusReport(
      frameworksInScope(catalog, config, opts.framework),
      catalog.controls,
      backend.results,
      { view, at, expiringDays: DEFAULT_EXPIRING_DAYS },
    );
    const latest = await latestCoverage(backend.ledger, backend.blobs);
    const coverage = latest ? summarizeCoverage(latest) : undefined;
    if (input.json) writeJson(io, { frameworks: report, ...(coverage ? { coverage } : {}) });
    else {
      io.out(renderStatus(report, useColor(io), columnsOf(io)));
      // The latest logged coverage attestation: were all planned accounts and regions collected?
      if (coverage)
        io.out(`\n${wrapText(`Latest collection run: ${coverageLine(coverage)}`, columnsOf(io))}\n`);
    }
    return report.some((f) => f.counts.failing > 0) ? CODES.FAILED : CODES.OK;
  });
}

/** Registers `flux-evidence status [--framework <id>] [--json]`. */
export function registerStatus(program: Command): Command {
  return program
    .command('status')
    .description(
      'requirements met / failing / unknown / manual per framework, and the failing controls with their resources',
    )
    .option('--framework <id>', `one framework (${FRAMEWORK_IDS.join(', ')}); default: the configured ones`)
    .option('--control <id>', "one control: each rule's verdict, reason and resources (as `explain <id>`)")
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      "\nExamples:\n  $ flux-evidence status\n  $ flux-evidence -c demo-output/flux.config.json status --framework soc2-2017\n  $ flux-evidence status --json | jq '.frameworks[].unknownControls'\n\nExit codes: 0 nothing failing, 1 a requirement (or the --control) is failing, 2 bad option or configuration, 3 runtime error.",
    )
    .action(async (opts: { framework?: string; control?: string }, cmd: Command) => {
      const io = processIo();
      await runAction(io, 'status', () => runStatus(commandInput(cmd), opts, io));
    });
}
