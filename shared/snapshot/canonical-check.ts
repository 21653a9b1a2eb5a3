import { isUtf8 } from 'node:buffer';
import { canonicalBytes } from '../evidence/canonical.js';

// Whether bytes are RFC 8785 canonical JSON, without re-serializing long string values when it can be avoided:
// evidence is mostly a few long strings (base64 reports, listings), and re-serializing them is most of the cost of
// `verify`. Long string *values* are checked in place for canonical escaping and cut from a skeleton; the skeleton
// (structure, keys, numbers, short strings) is re-serialized and must equal itself. Any doubt falls back to the full
// re-serialization, so the answer is always the full check's answer.

/**
 * A string literal written as RFC 8785 (ECMAScript JSON.stringify) writes it: any character but `"`, `\` and controls;
 * `\"`, `\\`, `\b \t \n \f \r`; other controls as lower-case `\u00xx`. Unrolled, so runs of plain characters match in
 * one step. A literal written otherwise is not matched: it stays in the skeleton, whose full check then fails.
 */
const CANONICAL_STRING =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what canonical strings must escape
  /"[^"\\\u0000-\u001f]*(?:(?:\\["\\bfnrt]|\\u000[0-7bef]|\\u001[0-9a-f])[^"\\\u0000-\u001f]*)*"/g;
const LONG = 66;

/** True when `bytes` are RFC 8785 canonical JSON (same answer as re-serializing the whole document). */
export function isCanonicalJson(bytes: Buffer): boolean {
  if (!isUtf8(bytes)) return false; // valid UTF-8: no replacement characters, no lone surrogates
  const text = bytes.toString('utf8');
  // Long values only: a key (a literal followed by a colon) stays, so the skeleton still checks key order. A match
  // that starts off a literal's opening quote leaves two adjacent literals in the skeleton, which never parses.
  const skeleton = text.replace(CANONICAL_STRING, (lit: string, at: number) =>
    lit.length < LONG || /^\s*:/.test(text.slice(at + lit.length, at + lit.length + 8)) ? lit : '""',
  );
  if (skeleton.length < text.length && full(Buffer.from(skeleton, 'utf8'))) return true;
  return full(bytes, text);
}

function full(bytes: Buffer, text = bytes.toString('utf8')): boolean {
  try {
    return canonicalBytes(JSON.parse(text)).equals(bytes);
  } catch {
    return false;
  }
}
