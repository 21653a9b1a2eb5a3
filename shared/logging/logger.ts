import { Logger } from '@aws-lambda-powertools/logger';
import * as z from 'zod';
import { ConfigError, formatIssues } from '../errors.js';
import { redactingReplacer } from './redact.js';

export { REDACTED, redactString } from './redact.js';

/** Powertools log levels accepted by {@link createLogger}. */
const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;

const LoggerOptionsSchema = z.strictObject({
  serviceName: z.string().min(1),
  level: z.enum(LOG_LEVELS).optional(),
  persistentKeys: z.record(z.string(), z.unknown()).optional(),
});

/** Options of {@link createLogger}; unknown keys are rejected. */
export type LoggerOptions = z.input<typeof LoggerOptionsSchema>;

/**
 * Creates a Powertools Logger whose every line passes through the secret redactor: values under secret-named
 * keys (token, secret, password, privateKey, authorization, apiKey, clientSecret, ...) and credential-shaped
 * strings (GitHub tokens, AWS secret keys, PEM private keys, `SSWS`/`Bearer` headers) never reach the output.
 * The redactor is Powertools' own `jsonReplacerFn`, so child loggers (`createChild`) inherit it and
 * the middy `injectLambdaContext` middleware works unchanged.
 */
export function createLogger(options: LoggerOptions): Logger {
  const parsed = LoggerOptionsSchema.safeParse(options);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error.issues));
  const { serviceName, level, persistentKeys } = parsed.data;
  return new Logger({
    serviceName,
    ...(level ? { logLevel: level } : {}),
    ...(persistentKeys ? { persistentKeys } : {}),
    jsonReplacerFn: redactingReplacer,
  });
}
