import { existsSync, renameSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { FRAMEWORK_IDS } from '../../../frameworks/ids.js';
import { ValidationError } from '../../errors.js';
import { buildPeriods, type WindowSpec } from '../../window/periods.js';
import { CODES, commandInput, runAction, usage, type CommandInput } from '../common.js';
import type { WindowEvaluation } from '../../usecases/framework-window.js';
import { toolVersion } from '../version.js';
import { columnsOf, paint, processIo, renderTable, useColor, writeJson, type CliIo } from '../output.js';

interface WindowOptions {
  readonly framework?: string;
  readonly from?: string;
  readonly to?: string;
  readonly timeZone?: string;
  /** Also write the signed snapshot of this evaluation to this zip file. */
  readonly snapshot?: string;
  /** The snapshot carries a consistency proof from this tree size (a checkpoint the auditor kept). */
  readonly sinceSize?: string;
  /** The auditor's nonce, chosen after the closing checkpoint was signed: it joins the sampling seed. */
  readonly auditorNonce?: string;
  /** Replace an existing snapshot file. */
  readonly force?: boolean;
}

/** Refuses (exit 2, nothing written) a snapshot path whose directory is missing, or an existing file without --force. */
function checkSnapshotPath(io: CliIo, path: string, force: boolean): void {
  const dir = dirname(resolve(path));
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    usage(io, 'window', `--snapshot: directory ${dir} does not exist (create it first)`);
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) usage(io, 'window', `--snapshot: ${path} is a directory, not a file`);
    if (!force) usage(io, 'window', `--snapshot: ${path} already exists (add --force to replace it)`);
  }
}

/** Renders a window evaluation: controls with coverage, pass rate, exceptions, verdict; requirements; samples. */
function renderWindow(w: WindowEvaluation, color: boolean, width?: number): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  let s = `${w.framework} window ${w.window.start} .. ${w.window.end} (${w.window.timeZone ?? 'UTC'})\n`;
  s += renderTable(
    ['control', 'frequency', 'coverage', 'pass rate', 'exceptions', 'verdict'],
    w.controls.map((c) => [
      c.controlId,
      c.frequency,
      pct(c.coverage),
      pct(c.passRate),
      c.exceptions.length,
      paint(c.verdict, color),
    ]),
    color,
    width,
  );
  const exceptions = w.controls.flatMap((c) =>
    c.exceptions.map((e) => [
      c.controlId,
      e.firstFailAt,
      e.lastFailAt,
      e.failPeriods,
      e.open ? 'open' : `${(e.remediationHours ?? 0).toFixed(1)} h`,
    ]),
  );
  if (exceptions.length)
    s += `Exceptions:\n${renderTable(['control', 'first fail', 'last fail', 'periods', 'remediation'], exceptions, color, width)}`;
  const accepted = (w.acceptedExceptions ?? []).map((e) => [
    e.controlId,
    e.resource ?? '(all)',
    e.owner,
    e.expires,
    e.reason.length > 60 ? `${e.reason.slice(0, 59)}…` : e.reason,
  ]);
  if (accepted.length)
    s += `Accepted exceptions (risk acceptances; verdicts unchanged):\n${renderTable(['control', 'resource', 'owner', 'expires', 'reason'], accepted, color, width)}`;
  const halves = w.requirements.filter((r) => r.manual && r.manual.state !== 'current');
  if (halves.length)
    s += `Manual evidence not current at the window's end:\n${renderTable(
      ['requirement', 'manual', 'document', 'valid until'],
      halves.map((r) => [
        r.requirementId,
        r.manual!.state,
        r.manual!.document?.title ?? '-',
        r.manual!.document?.validUntil ?? '-',
      ]),
      color,
      width,
    )}`;
  const counts = new Map<string, number>();
  for (const r of w.requirements) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  s += `Requirements: ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ')}\n`;
  if (w.checkpoint) {
    const who = w.auditorNonce ? 'and the auditor nonce' : '; no auditor nonce: operator-chosen';
    s += `Samples (seed from checkpoint treeSize ${w.checkpoint.checkpoint.treeSize} at ${w.checkpoint.checkpoint.timestamp} ${who}):\n`;
    for (const x of w.samples)
      s += `  ${x.controlId}: ${x.periods.map((p) => p.start.slice(0, 10)).join(' ')}\n`;
  } else s += 'No signed checkpoint closes this window yet: no samples drawn.\n';
  return s;
}

/** Validates the window options (falling back to the configured window); exits 2 listing every problem. */
function windowSpec(io: CliIo, opts: WindowOptions, configured?: WindowSpec): WindowSpec {
  const start = opts.from ?? configured?.start;
  const end = opts.to ?? configured?.end;
  const timeZone = opts.timeZone ?? configured?.timeZone ?? 'UTC';
  const issues: string[] = [];
  if (!start) issues.push('--from: required (or configure window.start)');
  if (!end) issues.push('--to: required (or configure window.end)');
  if (issues.length === 0) {
    try {
      buildPeriods({ start: start!, end: end!, timeZone }, 'daily');
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      issues.push(...e.issues);
    }
  }
  if (issues.length) usage(io, 'window', issues.join('; '));
  return { start: start!, end: end!, timeZone };
}

/**
 * `window`: Type II evaluation of one framework over a review window, with exceptions and auditor samples.
 * Exit 0 when no requirement is not effective, 1 when one is, 2 for bad options or configuration, 3 on error.
 */
async function runWindow(input: CommandInput, opts: WindowOptions, io: CliIo): Promise<number> {
  if (!opts.framework) usage(io, 'window', '--framework: required');
  if (!(FRAMEWORK_IDS as readonly string[]).includes(opts.framework!)) {
    usage(
      io,
      'window',
      `--framework: unknown framework ${opts.framework} (known: ${FRAMEWORK_IDS.join(', ')})`,
    );
  }
  if (opts.snapshot) checkSnapshotPath(io, opts.snapshot, opts.force === true);
  // Loaded here, not at the top: the catalog, the backend and the snapshot builder are for running only.
  const { withBackend } = await import('../context.js');
  const { loadCatalog } = await import('../catalog.js');
  const { evaluateFrameworkWindow } = await import('../../usecases/framework-window.js');
  const { windowSnapshotRequest } = await import('../../usecases/window-snapshot.js');
  const { buildSnapshotToFile } = await import('../../snapshot/builder.js');
  const { loadStatements } = await import('../../manual/log.js');
  const { manualView } = await import('../../manual/state.js');
  const { AUDITOR_NONCE } = await import('../../snapshot/request.js');
  const since = opts.sinceSize === undefined ? undefined : Number(opts.sinceSize);
  if (since !== undefined && (!Number.isSafeInteger(since) || since < 1))
    usage(io, 'window', `--since-size: ${opts.sinceSize} is not a positive whole tree size`);
  if (since !== undefined && !opts.snapshot)
    usage(io, 'window', '--since-size shapes a snapshot: give --snapshot <file.zip> too');
  if (opts.auditorNonce !== undefined && !AUDITOR_NONCE.test(opts.auditorNonce))
    usage(io, 'window', '--auditor-nonce: 16 to 128 characters from A-Z a-z 0-9 . _ -');
  return withBackend(input, io, async (config, backend) => {
    const window = windowSpec(io, opts, config.window);
    const catalog = loadCatalog();
    const framework = catalog.frameworks.find((f) => f.id === opts.framework)!;
    const w = await evaluateFrameworkWindow({
      framework,
      controls: catalog.controls,
      results: backend.results,
      ledger: backend.ledger,
      window,
      manual: manualView(await loadStatements(backend.ledger, backend.blobs)),
      ...(opts.auditorNonce ? { auditorNonce: opts.auditorNonce } : {}),
      exclusions: config.exclusions,
    });
    const snapshot = opts.snapshot
      ? await buildSnapshotToFile(
          windowSnapshotRequest(w, {
            toolVersion: toolVersion(),
            ...(since !== undefined ? { sinceTreeSize: since } : {}),
          }),
          {
            store: backend.store,
            ledger: backend.ledger,
            signer: backend.signer,
            manual: { blobs: backend.blobs, ledger: backend.ledger, framework, controls: catalog.controls },
          },
          // --force: built next to the old file and renamed over it, so a failed build leaves the old one intact.
          `${opts.snapshot}.partial-${process.pid}`,
        ).then((s) => {
          renameSync(`${opts.snapshot}.partial-${process.pid}`, opts.snapshot!);
          return { path: opts.snapshot!, artifacts: s.artifacts, manifestSha256: s.manifestSha256 };
        })
      : undefined;
    if (input.json) {
      const { results: _results, ...rest } = w;
      writeJson(io, { ...rest, ...(snapshot ? { snapshot } : {}) });
    } else {
      io.out(renderWindow(w, useColor(io), columnsOf(io)));
      if (snapshot)
        io.out(
          `\nsnapshot ${snapshot.path}: ${snapshot.artifacts} artifacts, manifest ${snapshot.manifestSha256}\n`,
        );
    }
    return w.requirements.some((r) => r.status === 'not_effective') ? CODES.FAILED : CODES.OK;
  });
}

/** Registers `flux-evidence window --framework <id> --from <date> --to <date> [--time-zone <tz>] [--json]`. */
export function registerWindow(program: Command): Command {
  return program
    .command('window')
    .description('Type II evaluation of a framework over a review window, with exceptions and samples')
    .option('--framework <id>', `framework (${FRAMEWORK_IDS.join(', ')})`)
    .option('--from <date>', 'first day of the window, YYYY-MM-DD (default: window.start)')
    .option('--to <date>', 'last day of the window, YYYY-MM-DD, inclusive (default: window.end)')
    .option('--time-zone <tz>', 'IANA time zone of the dates (default: window.timeZone or UTC)')
    .option(
      '--snapshot <file.zip>',
      'also write the signed evidence snapshot of this window (check it with verify)',
    )
    .option(
      '--since-size <n>',
      "with --snapshot: include a consistency proof from this tree size (the auditor's kept checkpoint)",
    )
    .option(
      '--auditor-nonce <nonce>',
      "with --snapshot: the auditor's nonce (given after the closing checkpoint) seeding the samples",
    )
    .option('--force', 'replace an existing --snapshot file')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nExamples:\n  $ flux-evidence window --framework soc2-2017 --from 2026-01-01 --to 2026-03-31\n  $ flux-evidence window --framework soc2-2017 --snapshot q1.zip --force\n\nExit codes: 0 no requirement not effective, 1 a requirement is not effective, 2 bad option or configuration, 3 runtime error.',
    )
    .action(async (opts: WindowOptions, cmd: Command) => {
      const io = processIo();
      await runAction(io, 'window', () => runWindow(commandInput(cmd), opts, io));
    });
}
