import type { Blind } from '../rules/types.js';

const WORDS: Readonly<Record<string, string>> = {
  AccessDenied: 'access was denied',
  Throttled: 'the source kept throttling the requests',
  Timeout: 'the request timed out',
  NotFound: 'the source said it does not exist',
  InvalidSourceData: 'the source answered in a shape that could not be read',
  SyntaxError: 'the source answered with something that is not its API (the operation may be unsupported)',
};

/** A collection error code in words, for reasons people read (`AccessDenied` → `access was denied`). */
function errorInWords(code: string | undefined): string {
  if (code === undefined) return 'the call failed';
  return WORDS[code] ?? `the call failed (${code})`;
}

/** The errors an artifact carries, as the blind spots a rule is told about. */
export function blindSpots(errors: readonly unknown[], reads?: readonly string[]): Blind[] {
  return errors
    .map((x) => x as { code?: string; resource?: string; operation?: string })
    .filter((e) => e.operation === undefined || reads === undefined || reads.includes(e.operation))
    .map((e) => ({
      ...(e.resource !== undefined ? { resource: e.resource } : {}),
      ...(e.operation !== undefined ? { operation: e.operation } : {}),
      why: errorInWords(e.code),
    }));
}

/** `could not see bucket logs (GetBucketLogging: access was denied)`, for up to five blind spots. */
export function describeBlind(blind: readonly Blind[]): string {
  const parts = blind.slice(0, 5).map((b) => {
    const what = b.resource ?? 'part of the listing';
    return b.operation ? `${what} (${b.operation}: ${b.why})` : `${what} (${b.why})`;
  });
  const more = blind.length > 5 ? ` and ${blind.length - 5} more` : '';
  return `could not see ${parts.join(', ')}${more}`;
}
