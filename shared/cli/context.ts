import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadConfigFile } from '../config/load.js';
import { FluxConfigSchema, type FluxConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import { openBackend, type Backend } from './backend.js';
import { CliExit, CODES, type CommandInput } from './common.js';
import type { CliIo } from './output.js';

// What a command needs when it runs (config schema, AWS SDK clients, the local locker). The command modules
// import this module from their actions with `await import(...)`, so `--help` and other commands never load it.

/**
 * Loads the configuration, or throws CliExit(2) after writing every problem to stderr. A missing default
 * `flux.config.json` means the defaults (the local locker in `.flux`), so `flux-evidence collect` works in
 * an empty directory; a missing file named with `--config` is an error.
 */
export function loadCliConfig(path: string, io: CliIo, explicit: boolean): FluxConfig {
  try {
    if (!explicit && !existsSync(path)) return FluxConfigSchema.parse({});
    return loadConfigFile(path);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(
        `flux-evidence: configuration ${path} is invalid:\n${e.issues.map((i) => `  - ${i}\n`).join('')}`,
      );
      throw new CliExit(CODES.USAGE, 'invalid configuration');
    }
    throw e;
  }
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
