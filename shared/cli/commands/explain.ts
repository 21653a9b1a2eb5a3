import type { Command } from 'commander';
import { CODES, commandInput, runAction, usage, type CommandInput } from '../common.js';
import type { ControlExplanation } from '../ops/explain.js';
import { paint, processIo, renderTable, useColor, writeJson, type CliIo } from '../output.js';

/** Renders a control's explanation: its status and reason, then one row per rule and scope. */
export function renderExplanation(e: ControlExplanation, color: boolean): string {
  let s = `${e.controlId} ${e.title}: ${paint(e.status, color)}\n`;
  if (e.observedAt) s += `observed ${e.observedAt}, evaluated ${e.evaluatedAt}\n`;
  if (e.rules.length === 0) return `${s}${e.reason}\n`;
  const cis = (r: ControlExplanation['rules'][number]) =>
    r.benchmarks?.cis?.length ? `CIS ${r.benchmarks.cis.join(', ')}` : '';
  s += renderTable(
    ['rule', 'scope', 'status', 'failing', 'reason', 'benchmark'],
    e.rules.map((r) => [r.rule, r.scope, paint(r.status, color), r.failing.length, r.reason, cis(r)]),
    color,
  );
  for (const r of e.rules.filter((x) => x.failing.length > 0)) {
    s += `\n${r.rule} @ ${r.scope} fails on:\n`;
    s += renderTable(
      ['resource', 'reason'],
      r.failing.map((f) => [f.resource, f.reason ?? '']),
      color,
    );
  }
  return s;
}

/**
 * `explain <control>`: each rule's verdict, reason and resources behind a control's current status. Exit 0 when the
 * control is not failing, 1 when it is, 2 for an unknown control or bad configuration, 3 on a runtime error.
 */
export async function runExplain(input: CommandInput, controlId: string, io: CliIo): Promise<number> {
  const { loadCatalog } = await import('../catalog.js');
  const catalog = loadCatalog();
  const control = catalog.controls.find((c) => c.id === controlId.toUpperCase());
  if (!control) usage(io, 'explain', `unknown control ${controlId} (controls look like IAM-01)`);
  const { withBackend } = await import('../context.js');
  const { explainControl } = await import('../ops/explain.js');
  return withBackend(input, io, async (_config, backend) => {
    const e = await explainControl(control, catalog.rules, backend.results);
    if (input.json) writeJson(io, e);
    else io.out(renderExplanation(e, useColor(io)));
    return e.status === 'FAIL' ? CODES.FAILED : CODES.OK;
  });
}

/** Registers `flux-evidence explain <control> [--json]`. */
export function registerExplain(program: Command): Command {
  return program
    .command('explain')
    .argument('<control>', 'common control id, e.g. IAM-05')
    .description("why a control has its status: each rule's verdict, reason and failing resources")
    .option('--json', 'machine-readable output (every rule-level result)')
    .addHelpText(
      'after',
      '\nExit codes: 0 not failing, 1 failing, 2 unknown control or bad configuration, 3 runtime error.',
    )
    .action(async (control: string, _opts: unknown, cmd: Command) => {
      const io = processIo();
      await runAction(io, 'explain', () => runExplain(commandInput(cmd), control, io));
    });
}
