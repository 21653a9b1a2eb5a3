import { Command, CommanderError } from 'commander';
import { FluxError } from '../errors.js';
import { toolVersion } from './version.js';

export { toolVersion };
import { registerAll } from './commands/index.js';
import { registerSnapshot } from './commands/snapshot.js';
import { registerVerify } from './commands/verify.js';

/** Exit codes (documented in the README): 0 ok, 1 a check failed, 2 usage error, 3 runtime error. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, ERROR: 3 } as const;

/** Builds the command tree. Commands register themselves from their own modules. */
export function buildProgram(): Command {
  const program = new Command('flux-evidence')
    .description('Tamper-evident evidence collection for ISO 27001, SOC 2 Type II, NIS2 and GDPR')
    .version(toolVersion(), '-V, --version', 'print the version')
    .option('-c, --config <file>', 'configuration file', 'flux.config.json')
    .showHelpAfterError()
    .exitOverride();
  registerSnapshot(program);
  registerVerify(program);
  registerAll(program);
  return program;
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it in-process. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return EXIT.OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commands report their own outcome (e.g. verify: 1 when a check fails) through this code.
      if (err.code === 'flux-evidence.exit') return err.exitCode;
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      ) {
        return EXIT.OK;
      }
      return EXIT.USAGE;
    }
    const message = err instanceof FluxError ? err.message : String((err as Error).stack ?? err);
    process.stderr.write(`flux-evidence: ${message}\n`);
    return EXIT.ERROR;
  }
}
