import type { Rule } from './types.js';
import { rule as backupPlanRetentionConfigured } from './backup-plan-retention-configured.js';
import { rule as cloudtrailTrailKmsEncrypted } from './cloudtrail-trail-kms-encrypted.js';
import { rule as cloudtrailTrailLogFileValidationEnabled } from './cloudtrail-trail-log-file-validation-enabled.js';
import { rule as cloudtrailTrailManagementEventsEnabled } from './cloudtrail-trail-management-events-enabled.js';
import { rule as cloudtrailTrailMultiRegionLogging } from './cloudtrail-trail-multi-region-logging.js';
import { rule as configRecorderRecordingEnabled } from './config-recorder-recording-enabled.js';
import { rule as configRuleCompliant } from './config-rule-compliant.js';
import { rule as ec2EbsDefaultEncryptionEnabled } from './ec2-ebs-default-encryption-enabled.js';
import { rule as ec2SecurityGroupAdminPortsClosed } from './ec2-security-group-admin-ports-closed.js';
import { rule as guarddutyDetectorEnabled } from './guardduty-detector-enabled.js';
import { rule as iamRootAccessKeyAbsent } from './iam-root-access-key-absent.js';
import { rule as iamRootMfaEnabled } from './iam-root-mfa-enabled.js';
import { rule as iamUserAdminAccessAbsent } from './iam-user-admin-access-absent.js';
import { rule as iamUserConsoleMfaEnabled } from './iam-user-console-mfa-enabled.js';
import { rule as iamUserDirectPoliciesAbsent } from './iam-user-direct-policies-absent.js';
import { rule as iamUserUnusedCredentialsDisabled } from './iam-user-unused-credentials-disabled.js';
import { rule as kmsKeyRotationEnabled } from './kms-key-rotation-enabled.js';
import { rule as rdsInstanceBackupRetentionSufficient } from './rds-instance-backup-retention-sufficient.js';
import { rule as rdsInstanceDeletionProtectionEnabled } from './rds-instance-deletion-protection-enabled.js';
import { rule as rdsInstanceMinorUpgradeEnabled } from './rds-instance-minor-upgrade-enabled.js';
import { rule as rdsInstancePublicAccessDisabled } from './rds-instance-public-access-disabled.js';
import { rule as rdsInstanceStorageEncrypted } from './rds-instance-storage-encrypted.js';
import { rule as s3BucketAccessLoggingEnabled } from './s3-bucket-access-logging-enabled.js';
import { rule as s3BucketDefaultEncryptionEnabled } from './s3-bucket-default-encryption-enabled.js';
import { rule as s3BucketPolicyNotPublic } from './s3-bucket-policy-not-public.js';
import { rule as s3BucketPublicAccessBlocked } from './s3-bucket-public-access-blocked.js';
import { rule as s3BucketTlsOnlyPolicy } from './s3-bucket-tls-only-policy.js';
import { rule as securityhubHubEnabled } from './securityhub-hub-enabled.js';
import { rule as securityhubStandardsSubscribed } from './securityhub-standards-subscribed.js';

/**
 * The rules that judge AWS collectors' evidence (IAM, S3, CloudTrail, Config, KMS, EC2, RDS, GuardDuty,
 * Security Hub, Backup). The registry merges them with the rest.
 */
export const awsRules: readonly Rule[] = [
  backupPlanRetentionConfigured,
  cloudtrailTrailKmsEncrypted,
  cloudtrailTrailLogFileValidationEnabled,
  cloudtrailTrailManagementEventsEnabled,
  cloudtrailTrailMultiRegionLogging,
  configRecorderRecordingEnabled,
  configRuleCompliant,
  ec2EbsDefaultEncryptionEnabled,
  ec2SecurityGroupAdminPortsClosed,
  guarddutyDetectorEnabled,
  iamRootAccessKeyAbsent,
  iamRootMfaEnabled,
  iamUserAdminAccessAbsent,
  iamUserConsoleMfaEnabled,
  iamUserDirectPoliciesAbsent,
  iamUserUnusedCredentialsDisabled,
  kmsKeyRotationEnabled,
  rdsInstanceBackupRetentionSufficient,
  rdsInstanceDeletionProtectionEnabled,
  rdsInstanceMinorUpgradeEnabled,
  rdsInstancePublicAccessDisabled,
  rdsInstanceStorageEncrypted,
  s3BucketAccessLoggingEnabled,
  s3BucketDefaultEncryptionEnabled,
  s3BucketPolicyNotPublic,
  s3BucketPublicAccessBlocked,
  s3BucketTlsOnlyPolicy,
  securityhubHubEnabled,
  securityhubStandardsSubscribed,
] as readonly Rule[];
