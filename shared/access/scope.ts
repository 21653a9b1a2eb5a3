import type { z } from 'zod';
import type { AuditorSchema } from '../config/schema.js';

/** One auditor of the configuration (`auditors[]`). */
export type Auditor = z.infer<typeof AuditorSchema>;

/** Why an auditor request is refused (each answered with 403). */
type DenyReason =
  'unknown-principal' | 'other-engagement' | 'engagement-ended' | 'framework-not-in-engagement';

export type Decision =
  | { readonly allowed: true; readonly auditor: Auditor; readonly endsAt: Date }
  | { readonly allowed: false; readonly reason: DenyReason; readonly message: string };

/**
 * The instant an engagement's access stops: 00:00 UTC of `endsOn`. The same instant is the IAM policy's
 * `DateLessThan aws:CurrentTime` bound and the latest expiry of any URL issued for the engagement.
 */
export function engagementEndsAt(auditor: Pick<Auditor, 'endsOn'>): Date {
  return new Date(`${auditor.endsOn}T00:00:00.000Z`);
}

/**
 * The IAM ARN a caller is configured under: an STS assumed-role session ARN
 * (`arn:aws:sts::<acct>:assumed-role/<role>/<session>`) is matched as its role (`arn:aws:iam::<acct>:role/<role>`).
 * Role paths are not part of a session ARN, so a configured role with a path matches on its name.
 */
export function principalKey(arn: string): string {
  const m = /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  if (m) return `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`;
  const role = /^arn:(aws[\w-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return role ? `arn:${role[1]}:iam::${role[2]}:role/${role[3]}` : arn;
}

/**
 * Decides whether `principalArn` may reach the snapshots of `engagement` at `now` (and, when given, of `framework`).
 * Only configured auditor principals get anything, only for their own engagement, only before it ends, and only
 * for the frameworks the engagement covers.
 */
export function authorize(
  principalArn: string,
  engagement: string,
  auditors: readonly Auditor[],
  now: Date,
  framework?: string,
): Decision {
  const key = principalKey(principalArn);
  const mine = auditors.filter((a) => principalKey(a.principalArn) === key);
  if (mine.length === 0) return deny('unknown-principal', 'the caller is not a configured auditor principal');
  const auditor = mine.find((a) => a.engagement === engagement);
  if (!auditor) return deny('other-engagement', `the caller is not an auditor of engagement ${engagement}`);
  const endsAt = engagementEndsAt(auditor);
  if (now.getTime() >= endsAt.getTime())
    return deny('engagement-ended', `engagement ${engagement} ended on ${auditor.endsOn}`);
  if (framework !== undefined && !(auditor.frameworks as readonly string[]).includes(framework)) {
    return deny(
      'framework-not-in-engagement',
      `framework ${framework} is not part of engagement ${engagement}`,
    );
  }
  return { allowed: true, auditor, endsAt };
}

function deny(reason: DenyReason, message: string): Decision {
  return { allowed: false, reason, message };
}

/**
 * Who an API caller is: an operator when its principal (an STS session counts as its role) is one of the
 * configured `operators`, an auditor otherwise. A principal configured as an auditor too stays an auditor: the
 * narrower reach wins, so listing a role in both never widens what it may do.
 */
export function callerKind(
  principalArn: string,
  auditors: readonly Pick<Auditor, 'principalArn'>[],
  operators: readonly string[],
): 'auditor' | 'operator' {
  const key = principalKey(principalArn);
  if (auditors.some((a) => principalKey(a.principalArn) === key)) return 'auditor';
  return operators.some((o) => principalKey(o) === key) ? 'operator' : 'auditor';
}

/** Prefix of an engagement's snapshots in the evidence bucket. */
export function engagementPrefix(engagement: string): string {
  return `snapshots/${engagement}/`;
}

/** An IAM policy document (identity-based). */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Record<string, unknown>[];
}

/**
 * The identity policy of an auditor principal: `s3:GetObject` on its engagement's snapshots only, until the
 * engagement ends, over TLS. Presigned URLs are signed by the issuing role, so this policy is for auditors who
 * download with their own credentials; it grants nothing else (no listing, no evidence, no other engagement).
 * `partition` defaults to `aws`.
 */
export function auditorPolicy(
  auditor: Pick<Auditor, 'engagement' | 'endsOn'>,
  bucket: string,
  partition = 'aws',
): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadEngagementSnapshots',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: `arn:${partition}:s3:::${bucket}/${engagementPrefix(auditor.engagement)}*`,
        Condition: {
          DateLessThan: { 'aws:CurrentTime': engagementEndsAt(auditor).toISOString().replace('.000Z', 'Z') },
          Bool: { 'aws:SecureTransport': 'true' },
        },
      },
    ],
  };
}
