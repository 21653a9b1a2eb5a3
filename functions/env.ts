import * as z from 'zod';

/** An environment variable holding JSON (e.g. a block of flux.config.json), parsed or reported as a bad key. */
export const jsonEnv = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON' });
    return z.NEVER;
  }
});

/** The AWS part every function's environment has. */
export const awsEnv = {
  AWS_REGION: z.string().min(1),
  /** Local runs against the emulator only. */
  AWS_ENDPOINT_URL: z.url().optional(),
};

/**
 * Collector ids, comma-separated (`ENABLED_COLLECTORS`: the collectors the deployment schedules), as a list.
 * Functions treat an absent value as "every registered collector".
 */
export const collectorIdsEnv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);
