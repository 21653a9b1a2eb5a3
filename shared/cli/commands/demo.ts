import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { CODES, runAction, usage } from '../common.js';
import { processIo, writeJson, type CliIo } from '../output.js';

interface DemoCommandOptions {
  readonly days?: string;
  readonly out?: string;
  readonly json?: boolean;
}

/**
 * `demo`: the end-to-end demo on the local emulator (see shared/demo/run-demo.ts). Exit 0 when the snapshot
 * verifies, 1 when it does not, 2 for bad options, 3 on a runtime error (e.g. Python/moto missing).
 */
async function runDemoCommand(
  opts: DemoCommandOptions,
  io: CliIo,
  root = fileURLToPath(new URL('../../../', import.meta.url)),
): Promise<number> {
  const days = opts.days === undefined ? 90 : Number(opts.days);
  if (!Number.isInteger(days) || days < 2 || days > 366)
    usage(io, 'demo', `--days: must be an integer 2..366, got ${opts.days}`);
  // The demo runner brings the emulator harness, fixtures and the whole pipeline: loaded only to run it.
  const { runDemo } = await import('../../demo/run-demo.js');
  const summary = await runDemo({
    root,
    days,
    handleSignals: true,
    ...(opts.out ? { outDir: opts.out } : {}),
    log: opts.json ? () => {} : (l) => io.out(`${l}\n`),
    ...(io.isTty && !opts.json ? { progress: (t: string) => io.out(`\r${t}\u001b[K`) } : {}),
  });
  if (opts.json) writeJson(io, summary);
  return summary.snapshot.verified ? CODES.OK : CODES.FAILED;
}

/** Registers `flux-evidence demo [--days N] [--out dir] [--json]`. */
export function registerDemo(program: Command): Command {
  return program
    .command('demo')
    .description('run the end-to-end demo on the AWS emulator and fixture servers (outputs in demo-output/)')
    .option('--days <n>', 'simulated days in the review window (default 90)')
    .option('--out <dir>', 'output directory (default demo-output)')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 snapshot verified, 1 snapshot did not verify, 2 bad option, 3 runtime error.',
    )
    .action(async (opts: DemoCommandOptions) => {
      const io = processIo();
      await runAction(io, 'demo', () => runDemoCommand(opts, io));
    });
}
