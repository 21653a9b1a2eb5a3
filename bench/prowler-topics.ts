/** A verdict in the agreement table: a rule status, UNKNOWN (Flux could not judge), or Prowler's MANUAL / not run. */
export type Verdict = 'PASS' | 'FAIL' | 'NOT_APPLICABLE' | 'UNKNOWN' | 'MANUAL' | 'NOT_RUN';

export interface AgreementTopic {
  readonly topic: string;
  /** Flux rules judging the topic (a topic FAILs if any rule fails). */
  readonly fluxRules: readonly string[];
  /** Prowler 5 checks judging the same thing. */
  readonly prowlerChecks: readonly string[];
  /** No finding here means data the emulator does not serve, not "no resource": never counted as agreement. */
  readonly missingData?: boolean;
}

/** The overlapping checks of issue #14 item 8. */
export const AGREEMENT_TOPICS: readonly AgreementTopic[] = [
  {
    topic: 'console MFA',
    fluxRules: ['iam-user-console-mfa-enabled'],
    prowlerChecks: ['iam_user_mfa_enabled_console_access'],
  },
  {
    topic: 'admin policies',
    fluxRules: ['iam-user-admin-access-absent'],
    prowlerChecks: [
      'iam_aws_attached_policy_no_administrative_privileges',
      'iam_customer_attached_policy_no_administrative_privileges',
      'iam_inline_policy_no_administrative_privileges',
    ],
  },
  {
    topic: 'password policy',
    fluxRules: ['iam-password-policy-minimum-length'],
    prowlerChecks: ['iam_password_policy_minimum_length_14'],
  },
  {
    topic: 'S3 encryption',
    fluxRules: ['s3-bucket-default-encryption-enabled'],
    prowlerChecks: ['s3_bucket_default_encryption'],
  },
  {
    topic: 'public buckets',
    fluxRules: ['s3-bucket-policy-not-public'],
    prowlerChecks: ['s3_bucket_public_access', 's3_bucket_policy_public_write_access'],
  },
  {
    topic: 'Block Public Access',
    fluxRules: ['s3-bucket-public-access-blocked'],
    prowlerChecks: ['s3_account_level_public_access_blocks', 's3_bucket_level_public_access_block'],
  },
  {
    topic: 'admin ports',
    fluxRules: ['ec2-security-group-admin-ports-closed'],
    prowlerChecks: [
      'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22',
      'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389',
      'ec2_securitygroup_allow_ingress_from_internet_to_all_ports',
    ],
  },
  {
    topic: 'EBS default encryption',
    fluxRules: ['ec2-ebs-default-encryption-enabled'],
    prowlerChecks: ['ec2_ebs_default_encryption'],
  },
  {
    topic: 'KMS rotation',
    fluxRules: ['kms-key-rotation-enabled'],
    prowlerChecks: ['kms_cmk_rotation_enabled'],
  },
  {
    topic: 'CloudTrail',
    fluxRules: ['cloudtrail-trail-multi-region-logging'],
    prowlerChecks: ['cloudtrail_multi_region_enabled'],
  },
  {
    topic: 'RDS encryption',
    fluxRules: ['rds-instance-storage-encrypted'],
    prowlerChecks: ['rds_instance_storage_encrypted'],
  },
  {
    topic: 'public RDS',
    fluxRules: ['rds-instance-public-access-disabled'],
    prowlerChecks: ['rds_instance_no_public_access'],
  },
  {
    topic: 'RDS backups',
    fluxRules: ['rds-instance-backup-retention-sufficient'],
    prowlerChecks: ['rds_instance_backup_enabled'],
  },
  { topic: 'GuardDuty', fluxRules: ['guardduty-detector-enabled'], prowlerChecks: ['guardduty_is_enabled'] },
  {
    topic: 'root MFA',
    fluxRules: ['iam-root-mfa-enabled'],
    prowlerChecks: ['iam_root_mfa_enabled'],
    missingData: true,
  },
];

/** Why the two sides differ on a topic, and which one is right; "UNEXPLAINED" flags a case nobody has analysed. */
const WHY: Record<string, string> = {
  'public RDS|FAIL|PASS':
    'Flux is right. acme-reporting-db is created with PubliclyAccessible=true; its security groups happen to allow no ' +
    'internet ingress, which Prowler accepts ("publicly accessible but filtered with security groups"). The instance ' +
    "still has a public DNS name one security-group edit away from exposure, and AWS's own control RDS.2 fails it too.",
  'EBS default encryption|UNKNOWN|PASS':
    'Prowler is right about the state; Flux cannot judge on the emulator. moto does not implement ' +
    'GetEbsDefaultKmsKeyId (HTTP 500), so the collector records an error and the rule is UNKNOWN rather than guessing. ' +
    'On AWS both calls work; judging from GetEbsEncryptionByDefault alone when the key id is unreadable is the ' +
    'partial-evidence change of issue #14 item 2.',
  'EBS default encryption|UNKNOWN|FAIL':
    'Prowler is right about the state (EBS default encryption is off in this account); Flux is UNKNOWN for the same ' +
    'emulator gap: moto does not implement GetEbsDefaultKmsKeyId, so the evidence carries an error.',
  'CloudTrail|FAIL|PASS':
    'Prowler is right; Flux is wrong. The account has one multi-region trail, homed in us-east-1 and logging, which ' +
    'covers eu-west-1 too. Flux judges each region from the trails homed there (DescribeTrails with ' +
    'includeShadowTrails=false) and so fails eu-west-1. The rule must judge multi-region coverage per account ' +
    '(reported for the rules owner).',
  'root MFA|NOT_APPLICABLE|NOT_RUN':
    "Neither side can judge: moto's credential report has no <root_account> row (AWS always has one), so Prowler " +
    'writes no finding and the Flux rule says NOT_APPLICABLE. Flux is wrong to call it NOT_APPLICABLE: missing data ' +
    'that should exist must be UNKNOWN with its reason (issue #14 item 1, the rule semantics fix). On AWS both read the row.',
};

export function explain(topic: string, flux: Verdict, prowler: Verdict): string {
  return WHY[`${topic}|${flux}|${prowler}`] ?? `UNEXPLAINED: Flux ${flux}, Prowler ${prowler}`;
}
