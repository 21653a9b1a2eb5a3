import type { CollectorMeta } from '../../kernel/types.js';

export const meta: CollectorMeta = {
  id: 'aws-s3-buckets',
  version: '1.0.0',
  title: 'S3 buckets: encryption, public access, TLS-only policy, versioning, Object Lock, logging',
  source: 'aws',
  scope: 'global',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  permissions: [
    's3:ListAllMyBuckets',
    's3:GetBucketLocation',
    's3:GetEncryptionConfiguration',
    's3:GetBucketPublicAccessBlock',
    's3:GetBucketPolicyStatus',
    's3:GetBucketPolicy',
    's3:GetBucketVersioning',
    's3:GetBucketObjectLockConfiguration',
    's3:GetBucketLogging',
    's3:GetAccountPublicAccessBlock',
  ],
};
