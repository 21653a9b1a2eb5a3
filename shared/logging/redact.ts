/**
 * Secret redaction for anything that leaves the process as text: log lines, alert bodies, error details
 * (docs/CONTRIBUTING.md, house style 20). Two nets: values under keys that name a secret are replaced whole, and strings anywhere are
 * scrubbed of values that look like credentials, whatever key they sit under.
 */

/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/** Key names (lower-cased, without `-`/`_`) whose value is always a secret. */
const SECRET_KEYS = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'credentials',
  'passphrase',
  'pwd',
  'xapikey',
  'xamzsecuritytoken',
  'xamzsignature',
]);
/** Key suffixes that mark a secret: `githubToken`, `client_secret`, `dbPassword`, `privateKeyPem` is caught by `privatekey`. */
const SECRET_KEY_PARTS = [
  'token',
  'secret',
  'password',
  'passwd',
  'privatekey',
  'apikey',
  'secretaccesskey',
  'signingkey',
];
/** Keys that contain a secret word but hold no secret (identifiers, counts, flags of presence). */
const NOT_SECRET_KEY =
  /(?:arn|name|id|ids|count|type|length|expires?|expiresat|expiry|expiration|enabled|present|set|rotated|changed|lastused|date|time)$/;

/** Whether a property named `key` holds a secret. */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_.\s]/g, '');
  if (SECRET_KEYS.has(k)) return true;
  if (NOT_SECRET_KEY.test(k)) return false;
  return SECRET_KEY_PARTS.some((part) => k.includes(part));
}

/** Credential-shaped substrings: [pattern, replacement]. Order matters (PEM blocks before generic tokens). */
const SECRET_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // PEM private keys (RSA, EC, OPENSSH, ENCRYPTED, PKCS#8), also when the END line was cut off.
  [/-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY)-----[\s\S]*?(?:-----END \1-----|$)/g, REDACTED],
  // GitHub tokens: classic/OAuth/user-to-server/server-to-server/refresh, and fine-grained PATs.
  [/\bgh[pousr]_[A-Za-z0-9]{20,255}\b/g, REDACTED],
  [/\bgithub_pat_[A-Za-z0-9_]{20,255}\b/g, REDACTED],
  // Authorization schemes: Okta API tokens, OAuth bearer tokens, HTTP basic.
  [/\bSSWS\s+[A-Za-z0-9._~+/=-]+/g, `SSWS ${REDACTED}`],
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/g, `Bearer ${REDACTED}`],
  [/\bBasic\s+[A-Za-z0-9+/]{8,}={0,2}/g, `Basic ${REDACTED}`],
  // JSON Web Tokens and Slack tokens.
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/g, REDACTED],
  // `secret=...`, `"password": "..."`, `aws_secret_access_key = ...` inside free text.
  [
    /\b((?:aws_?)?(?:secret(?:_?access_?key)?|password|passwd|api_?key|client_?secret|access_?token|refresh_?token|session_?token|private_?key)["']?\s*[:=]\s*["']?)[^\s"',;&}]+/gi,
    `$1${REDACTED}`,
  ],
  // Presigned URL signatures and session tokens.
  [/([?&]X-Amz-(?:Signature|Security-Token|Credential)=)[^&\s"']+/gi, `$1${REDACTED}`],
  // Credentials embedded in URLs: scheme://user:password@host
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${REDACTED}@`],
  // AWS secret access keys: 40 base64 characters with both letter cases (a git SHA-1 is lower-case hex).
  [
    /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
    REDACTED,
  ],
];

/** Replaces every credential-shaped substring of `text`. */
export function redactString(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * A `JSON.stringify` replacer that redacts secrets; the logger installs it as Powertools' `jsonReplacerFn`,
 * so it sees every key and value of every log line, including the message and serialized errors.
 */
export function redactingReplacer(key: string, value: unknown): unknown {
  if (key !== '' && isSecretKey(key) && !isHarmless(value)) return REDACTED;
  if (typeof value === 'string') return redactString(value);
  return value;
}

/**
 * Returns a deep copy of `value` with secrets redacted (plain objects, arrays, strings, errors); other values
 * are returned as they are. Use it for text that does not go through the logger (alerts, error details).
 */
export function redact<T>(value: T): T {
  return walk(value, new WeakSet()) as T;
}

function walk(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, seen));
  if (value instanceof Error) {
    const copy = new Error(redactString(value.message), { cause: walk(value.cause, seen) });
    copy.name = value.name;
    copy.stack = value.stack === undefined ? undefined : redactString(value.stack);
    return copy;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = isSecretKey(k) && !isHarmless(v) ? REDACTED : walk(v, seen);
  return out;
}

/** Values that cannot carry a secret even under a secret-sounding key (`hasPassword: true`). */
function isHarmless(value: unknown): boolean {
  return value === null || value === undefined || typeof value === 'boolean';
}
