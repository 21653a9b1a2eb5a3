import { CommanderError } from 'commander';
import { buildProgram } from '../../shared/cli/main.js';
import { registerAll } from '../../shared/cli/commands/index.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI in-process, as `main(argv)` does, with `env` applied to process.env for the call and stdout/stderr
 * captured. The program is main.ts's own (`buildProgram`); the commands of shared/cli/commands/index.ts are added
 * when main.ts does not register them yet.
 */
export async function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const saved = new Map(Object.keys(env).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array) => (
    (stdout += String(s)),
    true
  )) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => (
    (stderr += String(s)),
    true
  )) as typeof process.stderr.write;
  let code: number;
  try {
    const program = buildProgram();
    if (!program.commands.some((c) => c.name() === 'collect')) registerAll(program);
    try {
      await program.parseAsync(['node', 'flux-evidence', ...args]);
      code = 0;
    } catch (e) {
      if (!(e instanceof CommanderError)) throw e;
      code =
        e.code === 'flux-evidence.exit'
          ? e.exitCode
          : ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(e.code)
            ? 0
            : 2;
    }
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  return { code, stdout, stderr };
}
