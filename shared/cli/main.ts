import { Command, CommanderError, Help, type OutputConfiguration } from 'commander';
import { CODES, describeFailure, setDebug } from './common.js';
import { toolVersion } from './version.js';

export { toolVersion };
import { registerAll } from './commands/index.js';
import { registerSnapshot } from './commands/snapshot.js';
import { registerVerify } from './commands/verify.js';

/**
 * Commands in the order a user meets them (help lists them so); commands not named here follow, alphabetically.
 * New commands slot in by name, whichever module registers them.
 */
export const WORKFLOW_ORDER = [
  'demo',
  'doctor',
  'collect',
  'ingest',
  'evaluate',
  'status',
  'explain',
  'manual',
  'approval',
  'exception',
  'requests',
  'window',
  'audit',
  'snapshot',
  'verify',
  'key',
  'auditor',
  'deployment',
];

const EXAMPLES = `
Examples:
  $ npm run demo                                   # seeded company on the local emulator, report in demo-output/
  $ flux-evidence -c demo-output/flux.config.json status
  $ flux-evidence collect                          # AWS credentials from the default chain
  $ flux-evidence --endpoint http://127.0.0.1:5000 collect   # against an emulator (or set AWS_ENDPOINT_URL)
  $ flux-evidence window --framework soc2-2017 --from 2026-01-01 --to 2026-03-31 --snapshot q1.zip
  $ flux-evidence verify q1.zip --key <sha256-fingerprint>

Exit codes: 0 ok, 1 a check failed, 2 bad option or configuration, 3 runtime error.
Add --debug to any command to see the stack trace of a failure.`;

/** The generic exit codes, for a command whose own help does not list them. */
const GENERIC_EXIT_CODES =
  '\nExit codes: 0 ok, 1 a check failed, 2 bad option or configuration, 3 runtime error.';

const rank = (name: string) => {
  const i = WORKFLOW_ORDER.indexOf(name);
  return i < 0 ? WORKFLOW_ORDER.length : i;
};

/** Builds the command tree. Commands register themselves from their own modules. */
export function buildProgram(): Command {
  const program = new Command('flux-evidence')
    .description('Tamper-evident evidence collection for ISO 27001, SOC 2 Type II, NIS2 and GDPR')
    .version(toolVersion(), '-V, --version', 'print the version')
    .option('-c, --config <file>', 'configuration file', 'flux.config.json')
    .option(
      '--endpoint <url>',
      'AWS endpoint for every AWS call, e.g. a local emulator (or AWS_ENDPOINT_URL)',
    )
    .option('--debug', 'print the stack trace of a failure')
    .configureHelp({
      visibleCommands: (cmd) =>
        new Help()
          .visibleCommands(cmd)
          .sort((a, b) => rank(a.name()) - rank(b.name()) || a.name().localeCompare(b.name())),
    })
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError()
    .exitOverride();
  registerSnapshot(program);
  registerVerify(program);
  registerAll(program);
  addMissingExitCodes(program);
  program.hook('preAction', (_root, action) => {
    const g = action.optsWithGlobals() as { debug?: boolean; endpoint?: string };
    setDebug(g.debug === true);
    // One emulator switch for every command: the SDK clients and the commands read AWS_ENDPOINT_URL.
    if (g.endpoint !== undefined) {
      if (!/^https?:\/\/[^\s/]+/.test(g.endpoint))
        throw new CommanderError(
          CODES.USAGE,
          'flux-evidence.usage',
          `--endpoint: not an http(s) URL: ${g.endpoint}`,
        );
      process.env.AWS_ENDPOINT_URL = g.endpoint;
    }
  });
  return program;
}

/** Every command's help ends with its exit codes: commands that do not list their own get the generic ones. */
function addMissingExitCodes(cmd: Command): void {
  for (const c of cmd.commands) {
    let text = '';
    const own = { ...(c.configureOutput() as OutputConfiguration) };
    c.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
    c.outputHelp();
    c.configureOutput(own);
    if (!/Exit codes:/i.test(text)) c.addHelpText('after', GENERIC_EXIT_CODES);
    addMissingExitCodes(c);
  }
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it in-process. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  setDebug(argv.includes('--debug'));
  if (argv.length <= 2) {
    // No arguments: the help is the answer, on stdout (as gh and aws do), not an error.
    program.outputHelp();
    return CODES.OK;
  }
  const endpointBefore = process.env.AWS_ENDPOINT_URL;
  try {
    await program.parseAsync(argv);
    return CODES.OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commands report their own outcome (e.g. verify: 1 when a check fails) through this code.
      if (err.code === 'flux-evidence.exit') return err.exitCode;
      if (err.code === 'flux-evidence.usage') {
        process.stderr.write(`flux-evidence: ${err.message}\n`);
        return CODES.USAGE;
      }
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      ) {
        return CODES.OK;
      }
      return CODES.USAGE;
    }
    process.stderr.write(`flux-evidence: ${describeFailure(err)}\n`);
    return CODES.ERROR;
  } finally {
    // --endpoint holds for this run only (tests call main() many times in one process).
    if (endpointBefore === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = endpointBefore;
  }
}
