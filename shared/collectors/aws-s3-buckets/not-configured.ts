/**
 * Runs an S3 read whose "not configured" answer is a fact, not a failure: errors named in `names`
 * become `null`; anything else (AccessDenied, throttling...) is thrown for ctx.tryResource to record.
 */
export async function nullIfNotConfigured<T>(
  names: readonly string[],
  fn: () => Promise<T>,
): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    const e = err as { name?: string; Code?: string };
    if (names.includes(e.name ?? '') || names.includes(e.Code ?? '')) return null;
    throw err;
  }
}
