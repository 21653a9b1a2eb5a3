import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { FluxConfig } from '../config/schema.js';
import { openBackend, type Backend } from './backend.js';
import { configIsExplicit, globalsOf, loadCliConfig } from './common.js';
import type { CliIo } from './output.js';

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

/** Loads the configuration (exit 2 on problems) and opens its backend; `body` runs with both, then it is closed. */
export async function withBackend<T>(
  input: CommandInput,
  io: CliIo,
  body: (config: FluxConfig, backend: Backend) => Promise<T>,
  options: { clock?: () => Date } = {},
): Promise<T> {
  const config = loadCliConfig(input.configPath, io, input.explicitConfig);
  const backend = await openBackend(config, {
    baseDir: dirname(resolve(input.configPath)),
    forcePathStyle: Boolean(io.env.AWS_ENDPOINT_URL),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  try {
    return await body(config, backend);
  } finally {
    await backend.close();
  }
}
