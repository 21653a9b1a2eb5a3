import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { ValidationError } from '../errors.js';

/**
 * RFC 8785 (JCS) canonical bytes of a JSON value. Refuses anything JSON cannot carry exactly
 * (undefined at the root, functions, bigint, NaN/Infinity, Dates) instead of silently dropping it.
 */
export function canonicalBytes(value: unknown): Buffer {
  assertJsonValue(value, '(root)');
  const text = canonicalize(value);
  // Stryker disable next-line all: unreachable once assertJsonValue has passed (kept as a guard for canonicalize)
  if (text === undefined) throw new ValidationError('JSON value', ['(root): cannot be canonicalized']);
  // Stryker disable next-line StringLiteral: 'utf8' is Buffer.from's default encoding
  return Buffer.from(text, 'utf8');
}

/** Lower-case hex SHA-256 of the given bytes. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function assertJsonValue(value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new ValidationError('JSON value', [`${path}: ${value} is not a finite number`]);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertJsonValue(v, `${path}[${i}]`));
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) assertJsonValue(v, `${path}.${k}`);
    }
    return;
  }
  // Stryker disable next-line ConditionalExpression: typeof undefined is 'undefined' as well
  const kind = value === undefined ? 'undefined' : value instanceof Date ? 'a Date' : typeof value;
  throw new ValidationError('JSON value', [`${path}: ${kind} is not JSON; use strings for times`]);
}
