import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { collectorMetas } from '../../shared/collectors/meta-registry.js';
import { rules } from '../../shared/rules/registry.js';

/**
 * Every AWS collector has a fault-injection test (issue #14, partial evidence): one call fails through the fault
 * proxy, the artifact keeps the other resources, its errors name the failed call, and the rules reading it judge
 * what was seen. The table says, per collector, where that test is, which call fails and which rules it judges.
 */
interface FaultCase {
  /** The test file under test/integration/ holding an `it('<collector id>: ...')`. */
  readonly file: string;
  /** The call that is made to fail. */
  readonly fails: string;
  /**
   * `per-resource`: a call about one resource among several; `informational`/`listing`: a call the other
   * resources do not depend on, or one page of a listing; `single-call`: the collector's one essential call.
   */
  readonly kind: 'per-resource' | 'informational' | 'listing' | 'single-call';
  /** The rules the test judges on the faulted artifact (each must read this collector). */
  readonly judged: readonly string[];
  /** Why the case is what it is, where that is not obvious. */
  readonly why?: string;
}

const CASES: Readonly<Record<string, FaultCase>> = {
  'aws-backup-plans': {
    file: 'partial-evidence-services.test.ts',
    fails: 'GetBackupPlan (one plan); ListBackupVaults',
    kind: 'per-resource',
    judged: ['backup-plan-retention-configured'],
  },
  'aws-cloudtrail-trails': {
    file: 'partial-evidence.test.ts',
    fails: 'GetTrailStatus (one trail)',
    kind: 'per-resource',
    judged: ['cloudtrail-trail-multi-region-logging'],
  },
  'aws-config-compliance': {
    file: 'partial-evidence-config.test.ts',
    fails: 'DescribeComplianceByConfigRule (second page)',
    kind: 'listing',
    judged: ['config-rule-compliant'],
    why: 'compliance is listed for all rules at once: a failed page leaves the rules it did not reach unknown',
  },
  'aws-config-recorder': {
    file: 'partial-evidence-config.test.ts',
    fails: 'DescribeConfigurationRecorderStatus; DescribeDeliveryChannelStatus',
    kind: 'per-resource',
    judged: ['config-recorder-recording-enabled'],
    why: 'a region has one recorder and one delivery channel: each status call is about one of them',
  },
  'aws-ec2-ebs-default-encryption': {
    file: 'partial-evidence.test.ts',
    fails: 'GetEbsDefaultKmsKeyId',
    kind: 'informational',
    judged: ['ec2-ebs-default-encryption-enabled'],
    why: 'a per-region setting, no per-resource call',
  },
  'aws-ec2-security-groups': {
    file: 'partial-evidence-services.test.ts',
    fails: 'DescribeNetworkInterfaces',
    kind: 'informational',
    judged: ['ec2-security-group-admin-ports-closed'],
    why: 'every group comes from one listing; attachment is the only other call',
  },
  'aws-guardduty-detectors': {
    file: 'partial-evidence-services.test.ts',
    fails: 'GetDetector (one detector)',
    kind: 'per-resource',
    judged: ['guardduty-detector-enabled'],
  },
  'aws-iam-account-summary': {
    file: 'partial-evidence-iam.test.ts',
    fails: 'GetAccountSummary',
    kind: 'single-call',
    judged: ['iam-root-access-key-absent'],
    why: 'one call is all there is: the rule is UNKNOWN naming it',
  },
  'aws-iam-admin-access': {
    file: 'partial-evidence-iam.test.ts',
    fails: 'GetPolicyVersion (one AWS managed policy)',
    kind: 'per-resource',
    judged: ['iam-user-admin-access-absent', 'iam-user-direct-policies-absent'],
  },
  'aws-iam-credential-report': {
    file: 'partial-evidence-iam.test.ts',
    fails: 'GetCredentialReport',
    kind: 'single-call',
    judged: ['iam-user-console-mfa-enabled'],
    why: 'one report holds every user: there is no per-user call, so the rules are UNKNOWN naming the call',
  },
  'aws-iam-password-policy': {
    file: 'partial-evidence-iam.test.ts',
    fails: 'GetAccountPasswordPolicy',
    kind: 'single-call',
    judged: ['iam-password-policy-minimum-length'],
    why: 'one call is all there is: the rule is UNKNOWN naming it, never "no policy"',
  },
  'aws-identity-center-users': {
    file: 'partial-evidence-iam.test.ts',
    fails: 'ListGroupMemberships (one group)',
    kind: 'per-resource',
    judged: [],
    why: 'no rule reads it (no public API reports these users\u2019 MFA); the access reconciliation marks it incomplete',
  },
  'aws-kms-keys': {
    file: 'partial-evidence.test.ts',
    fails: 'GetKeyRotationStatus (one key)',
    kind: 'per-resource',
    judged: ['kms-key-rotation-enabled'],
  },
  'aws-rds-instances': {
    file: 'partial-evidence-services.test.ts',
    fails: 'DescribeDBClusters',
    kind: 'listing',
    judged: ['rds-instance-storage-encrypted', 'rds-instance-public-access-disabled'],
    why: 'instances and clusters come from two listings, no per-resource call',
  },
  'aws-s3-buckets': {
    file: 'partial-evidence.test.ts',
    fails: 'GetBucketEncryption (one bucket)',
    kind: 'per-resource',
    judged: ['s3-bucket-default-encryption-enabled', 's3-bucket-access-logging-enabled'],
  },
  'aws-securityhub-findings': {
    file: 'partial-evidence-services.test.ts',
    fails: 'GetFindings (second page)',
    kind: 'listing',
    judged: ['securityhub-control-findings-passed'],
  },
  'aws-securityhub-status': {
    file: 'partial-evidence-services.test.ts',
    fails: 'GetFindings; GetEnabledStandards',
    kind: 'informational',
    judged: ['securityhub-standards-subscribed', 'securityhub-hub-enabled'],
  },
};

const awsCollectors = collectorMetas
  .filter((m) => m.source === 'aws' && !m.ingest)
  .map((m) => m.id)
  .sort();
const source = (file: string) => readFileSync(new URL(`../integration/${file}`, import.meta.url), 'utf8');

describe('partial evidence: a fault-injection test per AWS collector', () => {
  it('covers every AWS collector in the registry, and nothing else', () => {
    expect(Object.keys(CASES).sort()).toEqual(awsCollectors);
  });

  it.each(Object.entries(CASES))('%s has its test and judges rules that read it', (id, c) => {
    const text = source(c.file);
    expect(text).toMatch(new RegExp(`it\\(\\s*['"\`]${id}: `));
    for (const ruleId of c.judged) {
      expect(rules.find((r) => r.id === ruleId)?.collector).toBe(id);
      expect(text).toContain(`'${ruleId}'`);
    }
    if (c.judged.length === 0) expect(rules.filter((r) => r.collector === id)).toEqual([]);
  });
});
