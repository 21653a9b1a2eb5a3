import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { ValidationError } from '../errors.js';

/**
 * RFC 8785 (JCS) canonical bytes of a JSON value. Refuses anything JSON cannot carry exactly
 * (undefined at the root, functions, bigint, NaN/Infinity, Dates) instead of silently dropping it.
 */
export function canonicalBytes(value: unknown): Buffer {
  assertJsonValue(value);
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

/** `(root).a[0].b` for the keys leading to a value; built only when a value is refused. */
const pathOf = (keys: readonly (string | number)[]) =>
  keys.reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : `${p}.${k}`), '(root)');

// The walk keeps the keys on one stack instead of a path string per value: a 100,000-element array costs no
// 100,000 strings (the Prowler ingest's peak memory).
function assertJsonValue(value: unknown, keys: (string | number)[] = []): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new ValidationError('JSON value', [`${pathOf(keys)}: ${value} is not a finite number`]);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      keys.push(i);
      assertJsonValue(value[i], keys);
      keys.pop();
    }
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const k in value) {
      const v = (value as Record<string, unknown>)[k];
      if (v === undefined) continue;
      keys.push(k);
      assertJsonValue(v, keys);
      keys.pop();
    }
    return;
  }
  // Stryker disable next-line ConditionalExpression: typeof undefined is 'undefined' as well
  const kind = value === undefined ? 'undefined' : value instanceof Date ? 'a Date' : typeof value;
  throw new ValidationError('JSON value', [`${pathOf(keys)}: ${kind} is not JSON; use strings for times`]);
}
