/**
 * One error hierarchy for the whole code base (docs/CONTRIBUTING.md, house style 9). Context travels in fields, not in the
 * message, so callers and tests can branch on it; `cause` is always passed through.
 */
export class FluxError extends Error {
  /** A literal, not `new.target.name`: class names do not survive minification (the Lambda bundles). */
  override name = 'FluxError';
  /** Stable machine-readable code, e.g. `INTEGRITY_ERROR`. */
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(
    code: string,
    message: string,
    details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = code;
    this.details = details;
  }
}

/** Input (envelope, config, request) failed validation; `issues` lists every problem. */
export class ValidationError extends FluxError {
  override name = 'ValidationError';
  readonly issues: string[];
  constructor(what: string, issues: string[], options?: { cause?: unknown }) {
    super('VALIDATION_ERROR', `${what} is invalid:\n  - ${issues.join('\n  - ')}`, { what, issues }, options);
    this.issues = issues;
  }
}

/** Configuration failed validation; every bad key is listed. */
export class ConfigError extends ValidationError {
  override name = 'ConfigError';
  constructor(issues: string[], options?: { cause?: unknown }) {
    super('configuration', issues, options);
    (this as { code: string }).code = 'CONFIG_ERROR';
  }
}

/** Stored bytes, hashes, proofs or signatures do not match what they claim. */
export class IntegrityError extends FluxError {
  override name = 'IntegrityError';
  constructor(
    readonly check: string,
    message: string,
    details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super('INTEGRITY_ERROR', message, { check, ...details }, options);
  }
}

/** An artifact is larger than the store accepts. */
export class ArtifactTooLargeError extends FluxError {
  override name = 'ArtifactTooLargeError';
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super('ARTIFACT_TOO_LARGE', `artifact is ${size} bytes; the limit is ${limit} bytes`, { size, limit });
  }
}

/**
 * A snapshot request cites more evidence than one build where it runs may hold (the snapshot API's measured
 * ceiling, docs/AUDITOR-ACCESS.md); `hint` says what to do instead. Nothing is written.
 */
export class SnapshotTooLargeError extends FluxError {
  override name = 'SnapshotTooLargeError';
  constructor(
    readonly artifacts: number,
    readonly limit: number,
    readonly hint: string,
  ) {
    super(
      'SNAPSHOT_TOO_LARGE',
      `the window cites ${artifacts} artifacts; one snapshot built by the API holds at most ${limit}`,
      { artifacts, limit, hint },
    );
  }
}

/** A write was refused because something already exists and differs (never overwritten). */
export class ConflictError extends FluxError {
  override name = 'ConflictError';
  constructor(message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super('CONFLICT', message, details, options);
  }
}

/** Something that must exist was not found. */
export class NotFoundError extends FluxError {
  override name = 'NotFoundError';
  constructor(what: string, id: string, options?: { cause?: unknown }) {
    super('NOT_FOUND', `${what} not found: ${id}`, { what, id }, options);
  }
}

/** An external dependency (Python, moto, an API) cannot be used. */
export class DependencyError extends FluxError {
  override name = 'DependencyError';
  constructor(what: string, message: string, options?: { cause?: unknown }) {
    super('DEPENDENCY_ERROR', `${what}: ${message}`, { what }, options);
  }
}

/** Concurrency: a conditional write lost a race too many times. */
export class ContentionError extends FluxError {
  override name = 'ContentionError';
  constructor(message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super('CONTENTION', message, details, options);
  }
}

/** Formats zod issues as `path: message` strings, one per problem. */
export function formatIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): string[] {
  return issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`);
}

/** A source answered with data we cannot read (a malformed report, an unexpected format); never a pass. */
export class InvalidSourceDataError extends FluxError {
  override name = 'InvalidSourceDataError';
  constructor(
    readonly source: string,
    readonly issues: string[],
    options?: { cause?: unknown },
  ) {
    const summary = issues.slice(0, 10).join('; ');
    super('INVALID_SOURCE_DATA', `${source} is malformed: ${summary}`, { source, issues }, options);
  }
}

/** A notification channel (SNS, EventBridge, webhook) refused or failed a delivery; never carries the target URL. */
export class DeliveryError extends FluxError {
  override name = 'DeliveryError';
  constructor(
    readonly channel: string,
    message: string,
    details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super('DELIVERY_ERROR', message, { channel, ...details }, options);
  }
}

/** A caller may not do what it asked (auditor scoping); `reason` is machine-readable, e.g. `engagement-ended`. */
export class AccessDeniedError extends FluxError {
  override name = 'AccessDeniedError';
  constructor(
    readonly reason: string,
    message: string,
    details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super('ACCESS_DENIED', message, { reason, ...details }, options);
  }
}

/** Whether `error` is an AWS service error with one of the given names (or `Code`s) or HTTP status codes. */
export function isAwsError(
  error: unknown,
  names: readonly string[],
  statuses: readonly number[] = [],
): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  return (
    names.includes(e.name ?? '') ||
    names.includes(e.Code ?? '') ||
    (status !== undefined && statuses.includes(status))
  );
}

/** A DynamoDB conditional write (or check) found its condition false. */
export const isConditionalCheckFailed = (error: unknown): boolean =>
  isAwsError(error, ['ConditionalCheckFailedException']);
