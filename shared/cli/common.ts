import { CommanderError, type Command } from 'commander';
import { FluxError } from '../errors.js';
import type { CliIo } from './output.js';

// Every command's registration imports this module, so `--help` loads it: it must stay cheap (no zod, no SDK).
// What a command needs only when it runs (config loading, backends) lives in context.ts, imported by the action.
// Actions await their imports one after another, not with Promise.all: jest's ESM runtime fails on concurrent
// imports that share a dependency ("request for 'node:crypto' is not in cache").

/** Exit codes shared by every command (see main.ts EXIT): 0 ok, 1 a check failed, 2 usage or config, 3 runtime. */
export const CODES = { OK: 0, FAILED: 1, USAGE: 2, ERROR: 3 } as const;

/** A command's outcome that is not a plain success: carries its exit code to main(). */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Global options every command sees (`-c, --config` on the program, `--json` on the command). */
interface GlobalOptions {
  readonly config: string;
  readonly json?: boolean;
}

/** Reads the program-level and command-level options of an action. */
function globalsOf(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals() as { config?: string; json?: boolean };
  return { config: o.config ?? 'flux.config.json', ...(o.json ? { json: true } : {}) };
}

/** What a command needs from the program: where the config is and whether `--json` was asked for. */
export interface CommandInput {
  readonly configPath: string;
  /** True when `--config` was given (a missing file is then an error, not "use the defaults"). */
  readonly explicitConfig: boolean;
  readonly json: boolean;
}

/** The command input from commander's parsed options. */
export function commandInput(cmd: Command): CommandInput {
  const g = globalsOf(cmd);
  return { configPath: g.config, explicitConfig: configIsExplicit(cmd), json: g.json === true };
}

/** `--debug` was given: failures print their stack trace (set by main() for each run). */
let debugTraces = false;

/** Sets whether failures print their stack trace (main() sets it from `--debug` before each action). */
export function setDebug(on: boolean): void {
  debugTraces = on;
}

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
]);

/** Whether an error (or its cause chain) says the AWS credentials are missing, expired or wrong. */
function isCredentialError(e: unknown): boolean {
  for (let c = e, depth = 0; c instanceof Error && depth < 5; c = c.cause, depth++) {
    if (CREDENTIAL_ERRORS.has(c.name) || /could not load credentials|security token/i.test(c.message))
      return true;
  }
  return false;
}

/** What to tell the user about a failure that reached the top of a command: never a trace unless --debug. */
export function describeFailure(e: unknown, debug = debugTraces): string {
  const err = e instanceof Error ? e : new Error(String(e));
  const lines = [err.message || err.name];
  if (isCredentialError(err)) {
    lines.push(
      'hint: no usable AWS credentials. Sign in (aws sso login, or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and',
      '      AWS_SECRET_ACCESS_KEY); against an emulator pass --endpoint <url> or set AWS_ENDPOINT_URL.',
    );
  }
  if (debug) lines.push(String(err.stack ?? err));
  else if (!(err instanceof FluxError)) lines.push('(run again with --debug for the stack trace)');
  return lines.join('\n');
}

/** Runs a command body and turns its outcome into the CommanderError main() maps to an exit code. */
export async function runAction(io: CliIo, name: string, body: () => Promise<number>): Promise<void> {
  let code: number;
  try {
    code = await body();
  } catch (e) {
    if (e instanceof CliExit) code = e.code;
    else {
      io.err(`flux-evidence ${name}: ${describeFailure(e)}\n`);
      code = CODES.ERROR;
    }
  }
  if (code !== CODES.OK) throw new CommanderError(code, 'flux-evidence.exit', `${name} exited with ${code}`);
}

/** A usage error: message on stderr, exit 2. */
export function usage(io: CliIo, name: string, message: string): never {
  io.err(`flux-evidence ${name}: ${message}\n`);
  throw new CliExit(CODES.USAGE, message);
}

/** Whether the user passed `--config` explicitly (the program option's value source). */
function configIsExplicit(cmd: Command): boolean {
  let c: Command | null = cmd;
  while (c?.parent) c = c.parent;
  return c?.getOptionValueSource('config') === 'cli';
}

/** Splits a comma-separated option (`--collector a,b`) into trimmed, non-empty parts. */
export function commaList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

/** Parses an ISO instant option, or exits 2 naming the option. */
export function instantOption(
  io: CliIo,
  name: string,
  option: string,
  value: string | undefined,
): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) usage(io, name, `${option}: not an ISO-8601 date or instant: ${value}`);
  return d;
}
