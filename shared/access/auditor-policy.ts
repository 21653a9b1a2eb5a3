import { ValidationError } from '../errors.js';
import { engagementEndsAt, principalKey, type Auditor, type PolicyDocument } from './scope.js';

/** The deployment facts the auditor's policy names: where the snapshot API is. */
export interface ApiLocation {
  readonly partition?: string;
  readonly region: string;
  readonly account: string;
  readonly apiId: string;
}

/** What an operator gives an auditor's principal: its identity policy and the trust statement of its role. */
export interface AuditorAccess {
  readonly engagement: string;
  readonly principal: string;
  /** 00:00 UTC of `endsOn`: both documents stop working then. */
  readonly endsAt: string;
  readonly identityPolicy: PolicyDocument;
  readonly trustStatement: Record<string, unknown>;
}

/** The `$default` stage's routes an auditor calls (infra/constructs/snapshot-api.ts). */
const ROUTES = ['GET/snapshots', 'POST/snapshots', 'POST/snapshots/*/url'];

/**
 * The IAM documents for one engagement's auditor principal: an identity policy allowing `execute-api:Invoke` on
 * the snapshot API's three routes only, until the engagement ends (downloads use the presigned URLs the API
 * issues, so no S3 or KMS permission is needed), and the trust statement of the auditor role: `trusted` (the audit firm's account or role)
 * may assume it, with MFA, until the engagement ends. The API itself still checks principal, engagement, end date
 * and framework on every request: these documents are the outer fence, not the only one.
 */
export function auditorAccess(
  auditors: readonly Auditor[],
  engagement: string,
  api: ApiLocation,
  trusted: string,
): AuditorAccess {
  const auditor = auditors.find((a) => a.engagement === engagement);
  if (!auditor)
    throw new ValidationError('engagement', [
      `${engagement}: no auditor with this engagement in auditors[] (known: ${auditors.map((a) => a.engagement).join(', ') || 'none'})`,
    ]);
  const partition = api.partition ?? 'aws';
  const endsAt = engagementEndsAt(auditor).toISOString().replace('.000Z', 'Z');
  const until = { DateLessThan: { 'aws:CurrentTime': endsAt } };
  const principal = principalKey(auditor.principalArn);
  const account = /^arn:[\w-]+:iam::(\d{12}):/.exec(principal)?.[1];
  // HTTP APIs have no resource policy: a caller from another account is refused whatever its own policy says.
  if (account !== api.account)
    throw new ValidationError('auditors[]', [
      `${engagement}: principalArn ${auditor.principalArn} must be a role in the platform account ${api.account}, which the audit firm assumes (--trusted)`,
    ]);
  return {
    engagement,
    principal,
    endsAt,
    identityPolicy: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'CallSnapshotApi',
          Effect: 'Allow',
          Action: 'execute-api:Invoke',
          Resource: ROUTES.map(
            (r) => `arn:${partition}:execute-api:${api.region}:${api.account}:${api.apiId}/$default/${r}`,
          ),
          Condition: until,
        },
      ],
    },
    trustStatement: {
      Sid: `AuditorOf${engagement.replace(/[^A-Za-z0-9]/g, '')}`,
      Effect: 'Allow',
      Principal: { AWS: trusted },
      Action: 'sts:AssumeRole',
      Condition: { ...until, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    },
  };
}
