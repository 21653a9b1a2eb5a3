import { defineRule, outcome, type FailingResource } from './types.js';

interface KeyFacts {
  readonly active: boolean;
  readonly lastRotated: string | null;
}

/** The slice of `aws-iam-credential-report` data this rule reads (structural; the collector carries more). */
export interface AccessKeyFacts {
  readonly users: readonly {
    readonly arn: string;
    readonly accessKey1: KeyFacts;
    readonly accessKey2: KeyFacts;
  }[];
}

/** CIS AWS Foundations 1.14: active access keys are rotated at least every 90 days. */
const MAX_ACCESS_KEY_AGE_DAYS = 90;
const DAY_MS = 86_400_000;

/** Every active IAM access key was rotated within the last 90 days. */
export const rule = defineRule<AccessKeyFacts>({
  id: 'iam-access-key-rotated',
  version: '1.0.0',
  collector: 'aws-iam-credential-report',
  controls: ['IAM-11'],
  title: `Active IAM access keys are rotated within ${MAX_ACCESS_KEY_AGE_DAYS} days`,
  benchmarks: { cis: ['1.14'], prowler: ['iam_rotate_access_key_90_days'] },
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as AccessKeyFacts).users),
  evaluate(data, { now }) {
    const failing: FailingResource[] = [];
    let active = 0;
    for (const user of data.users) {
      [user.accessKey1, user.accessKey2].forEach((key, i) => {
        if (!key.active) return;
        active++;
        const rotated = key.lastRotated === null ? Number.NaN : Date.parse(key.lastRotated);
        if (Number.isNaN(rotated)) {
          failing.push({ resource: `${user.arn}#key${i + 1}`, reason: 'rotation date unknown' });
          return;
        }
        const ageDays = Math.floor((now.getTime() - rotated) / DAY_MS);
        if (ageDays > MAX_ACCESS_KEY_AGE_DAYS) {
          failing.push({ resource: `${user.arn}#key${i + 1}`, reason: `last rotated ${ageDays} days ago` });
        }
      });
    }
    if (active === 0) return outcome.notApplicable('no active access keys');
    return outcome.of(
      failing,
      `all ${active} active access keys were rotated within ${MAX_ACCESS_KEY_AGE_DAYS} days`,
      `${failing.length} of ${active} active access keys are older than ${MAX_ACCESS_KEY_AGE_DAYS} days`,
    );
  },
});
