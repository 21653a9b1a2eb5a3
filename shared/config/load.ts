import { readFileSync } from 'node:fs';
import { ConfigError, formatIssues } from '../errors.js';
import { FluxConfigSchema, type FluxConfig } from './schema.js';

/** Parses a configuration object, listing every bad or unknown key at once. */
export function parseConfig(raw: unknown): FluxConfig {
  const result = FluxConfigSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(formatIssues(result.error.issues));
  return result.data;
}

/** Reads and parses a JSON configuration file. */
export function loadConfigFile(path: string): FluxConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError([`${path}: cannot be read (${(cause as Error).message})`], { cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError([`${path}: not valid JSON (${(cause as Error).message})`], { cause });
  }
  return parseConfig(raw);
}
