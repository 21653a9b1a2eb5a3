/** A verdict in the agreement table: a rule status, UNKNOWN (Flux could not judge), or Prowler's MANUAL / not run. */
export type Verdict = 'PASS' | 'FAIL' | 'NOT_APPLICABLE' | 'UNKNOWN' | 'MANUAL' | 'NOT_RUN';

export interface AgreementTopic {
  readonly topic: string;
  /** Flux rules judging the topic (a topic FAILs if any rule fails). */
  readonly fluxRules: readonly string[];
  /** Prowler 5 checks judging the same thing. */
  readonly prowlerChecks: readonly string[];
  /** Every account has this resource (the root user): no finding is never "nothing to judge", never agreement. */
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
    'still has a public DNS name one security-group edit away from exposure; CIS v4.0.1 2.2.3 asks that RDS instances ' +
    'not be publicly accessible (PubliclyAccessible=false), and AWS Security Hub control RDS.2 fails it too.',
  'root MFA|PASS|NOT_RUN':
    "Flux is right. The credential report's <root_account> row has mfa_active=true, which is CIS v4.0.1 1.5's audit " +
    '("for the <root_account> user, ensure the mfa_active field is set to TRUE"). Prowler 5.46.0\'s ' +
    'iam_root_mfa_enabled writes a finding only when that row shows password_enabled=true or an active access key; ' +
    'AWS writes password_enabled=not_supported for the root user in every credential report, so for a root user ' +
    'without access keys Prowler writes no finding at all, on AWS as here.',
};

export function explain(topic: string, flux: Verdict, prowler: Verdict): string {
  return WHY[`${topic}|${flux}|${prowler}`] ?? `UNEXPLAINED: Flux ${flux}, Prowler ${prowler}`;
}
