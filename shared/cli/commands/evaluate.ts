import type { Command } from 'commander';
import { CODES, commandInput, instantOption, runAction, type CommandInput } from '../common.js';
import { columnsOf, paint, processIo, renderTable, useColor, writeJson, type CliIo } from '../output.js';

/**
 * `evaluate`: judges every automated control from the latest stored evidence of each collector and scope, stores
 * the results and control states, and prints the transitions (drift, recovered, unknown). Exit 0, 2 for bad
 * options or configuration, 3 on a runtime error.
 */
async function runEvaluate(input: CommandInput, opts: { at?: string }, io: CliIo): Promise<number> {
  const at = instantOption(io, 'evaluate', '--at', opts.at);
  // Loaded here, not at the top: the catalog (rules, collectors) and the backend are for running only.
  const { withBackend } = await import('../context.js');
  const { loadCatalog } = await import('../catalog.js');
  const { evaluateAllControls } = await import('../ops/evaluate.js');
  const { rulesForConfig } = await import('../ops/collect.js');
  const { startProgress } = await import('../progress.js');
  return withBackend(input, io, async (config, backend) => {
    const catalog = loadCatalog();
    const progress = startProgress(io, 'evaluating controls...', input.json);
    const out = await evaluateAllControls({
      controls: catalog.controls,
      rules: rulesForConfig(catalog.rules, config),
      ttlHoursOf: catalog.ttlHoursOf,
      evidence: backend.evidence,
      results: backend.results,
      now: () => at ?? new Date(),
      thresholds: config.rules,
    });
    const counts = { PASS: 0, FAIL: 0, UNKNOWN: 0, NOT_APPLICABLE: 0 };
    for (const r of out.results) counts[r.status]++;
    progress.succeed(
      `evaluated ${out.results.length} controls: ${counts.PASS} PASS, ${counts.FAIL} FAIL, ${counts.UNKNOWN} UNKNOWN`,
    );
    if (input.json) {
      writeJson(io, {
        evaluated: out.results.length,
        counts,
        manual: out.manual,
        transitions: out.transitions,
        results: out.results.map((r) => ({
          controlId: r.controlId,
          status: r.status,
          reason: r.reason,
          failing: r.failing,
          observedAt: r.observedAt,
          rules: r.rules ?? [],
        })),
      });
      return CODES.OK;
    }
    const color = useColor(io);
    io.out(
      renderTable(
        ['control', 'status', 'failing', 'reason'],
        out.results.map((r) => [
          r.controlId,
          paint(r.status, color),
          r.failing.length,
          r.reason.slice(0, 100),
        ]),
        color,
        columnsOf(io),
      ),
    );
    io.out(out.transitions.length ? `Transitions (${out.transitions.length}):\n` : 'No transitions.\n');
    for (const t of out.transitions)
      io.out(
        `  ${t.kind.toUpperCase()} ${t.controlId}: ${t.from ?? 'NEW'} -> ${paint(t.to, color)} at ${t.at}\n`,
      );
    return CODES.OK;
  });
}

/** Registers `flux-evidence evaluate [--at <instant>] [--json]`. */
export function registerEvaluate(program: Command): Command {
  return program
    .command('evaluate')
    .description('map stored evidence to controls: evaluate every control, store results, print transitions')
    .option('--at <instant>', 'evaluate as of this instant (ISO-8601; default now)')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExit codes: 0 evaluated, 2 bad option or configuration, 3 runtime error.')
    .action(async (opts: { at?: string }, cmd: Command) => {
      const io = processIo();
      await runAction(io, 'evaluate', () => runEvaluate(commandInput(cmd), opts, io));
    });
}
