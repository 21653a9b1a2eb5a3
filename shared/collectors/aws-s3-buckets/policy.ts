import { InvalidSourceDataError } from '../../errors.js';

interface Statement {
  Effect?: unknown;
  Principal?: unknown;
  Condition?: unknown;
}

/** Facts read from a bucket policy document (the document itself is not kept). */
export interface PolicyDocumentFacts {
  /** Some statement allows Principal "*" (or AWS "*") without any condition. */
  readonly allowsAnyoneUnconditionally: boolean;
  /** Some Deny statement has Condition Bool aws:SecureTransport = false. */
  readonly tlsOnlyStatement: boolean;
}

/** Reads the facts a control needs from a bucket policy JSON document. */
export function readPolicyDocument(bucket: string, json: string): PolicyDocumentFacts {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (err) {
    throw new InvalidSourceDataError(`bucket policy of ${bucket}`, ['not valid JSON'], { cause: err });
  }
  const raw = (doc as { Statement?: unknown } | null)?.Statement;
  if (raw === undefined || raw === null) {
    throw new InvalidSourceDataError(`bucket policy of ${bucket}`, ['Statement: missing']);
  }
  const statements = (Array.isArray(raw) ? raw : [raw]) as Statement[];
  return {
    allowsAnyoneUnconditionally: statements.some(
      (s) => s.Effect === 'Allow' && isAnyone(s.Principal) && !hasConditions(s.Condition),
    ),
    tlsOnlyStatement: statements.some((s) => s.Effect === 'Deny' && deniesInsecureTransport(s.Condition)),
  };
}

function isAnyone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal && typeof principal === 'object') {
    const aws = (principal as { AWS?: unknown }).AWS;
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
  }
  return false;
}

function hasConditions(condition: unknown): boolean {
  return !!condition && typeof condition === 'object' && Object.keys(condition).length > 0;
}

function deniesInsecureTransport(condition: unknown): boolean {
  if (!condition || typeof condition !== 'object') return false;
  const bool = (condition as { Bool?: Record<string, unknown> }).Bool;
  if (!bool || typeof bool !== 'object') return false;
  const key = Object.keys(bool).find((k) => k.toLowerCase() === 'aws:securetransport');
  if (!key) return false;
  const value = bool[key];
  const values = Array.isArray(value) ? value : [value];
  return values.length > 0 && values.every((v) => v === false || String(v).toLowerCase() === 'false');
}
