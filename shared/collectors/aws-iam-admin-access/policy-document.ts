import { InvalidSourceDataError } from '../../errors.js';

/** The AWS managed policy that grants everything. */
export const ADMINISTRATOR_ACCESS_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';

/**
 * Reads a policy document as IAM returns it: URL-encoded (RFC 3986) from GetUserPolicy, GetPolicyVersion and
 * the like, though some sources (the emulator's managed policies) send plain JSON. Throws
 * {@link InvalidSourceDataError} when neither form parses.
 */
export function decodePolicyDocument(raw: string, what: string): unknown {
  const text = raw.trim();
  try {
    if (text.startsWith('{')) return JSON.parse(text);
    return JSON.parse(decodeURIComponent(text));
  } catch (err) {
    throw new InvalidSourceDataError(what, ['the policy document is not URL-encoded JSON'], { cause: err });
  }
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/**
 * True when some statement allows every action on every resource (`Effect: Allow`, `Action: "*"` or `"*:*"`,
 * `Resource: "*"`), the CIS "full administrative privileges" test. Conditions are not evaluated: a conditional
 * full grant still counts, so the fact errs towards reporting. `NotAction`/`NotResource` statements do not count.
 */
export function allowsFullAdmin(document: unknown, what: string): boolean {
  const doc = document as { Statement?: unknown } | null;
  if (!doc || typeof doc !== 'object' || doc.Statement === undefined) {
    throw new InvalidSourceDataError(what, ['the policy document has no Statement']);
  }
  return list(doc.Statement).some((s) => {
    if (!s || typeof s !== 'object') throw new InvalidSourceDataError(what, ['a statement is not an object']);
    const st = s as Record<string, unknown>;
    return (
      st.Effect === 'Allow' &&
      list(st.Action).some((a) => a === '*' || a === '*:*') &&
      list(st.Resource).includes('*')
    );
  });
}
