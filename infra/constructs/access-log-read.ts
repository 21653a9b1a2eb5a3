import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ACCESS_LOG_PREFIX } from '../../shared/collectors/snapshot-access-log/meta.js';
import { acknowledge } from '../nag/acknowledge.js';
import { accessLogBucketName } from './evidence-store.js';
import type { FluxFunction } from './flux-function.js';

/**
 * Lets the snapshot-access-log collector read the evidence bucket's S3 server access logs (list and get under
 * their prefix; the log bucket is SSE-S3) and tells it where they are (ACCESS_LOG_BUCKET, ACCESS_LOG_PREFIX).
 * The bucket is named, not referenced, so the stateless stack holds no import of it.
 */
export function grantAccessLogRead(f: FluxFunction): void {
  const bucket = accessLogBucketName(f);
  const arn = `arn:${Stack.of(f).partition}:s3:::${bucket}`;
  f.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'ReadAccessLogs',
      actions: ['s3:GetObject'],
      resources: [`${arn}/${ACCESS_LOG_PREFIX}*`],
    }),
    new iam.PolicyStatement({
      sid: 'ListAccessLogs',
      actions: ['s3:ListBucket'],
      resources: [arn],
      conditions: { StringLike: { 's3:prefix': [`${ACCESS_LOG_PREFIX}*`] } },
    }),
  );
  f.fn.addEnvironment('ACCESS_LOG_BUCKET', bucket);
  f.fn.addEnvironment('ACCESS_LOG_PREFIX', ACCESS_LOG_PREFIX);
  const s = Stack.of(f);
  const account = Token.isUnresolved(s.account) ? '<AWS::AccountId>' : s.account;
  const region = Token.isUnresolved(s.region) ? '<AWS::Region>' : s.region;
  acknowledge(
    f.role,
    'Access log objects are named by delivery time and a random suffix, unknown in advance; read under their prefix only.',
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::flux-evidence-logs-${account}-${region}/${ACCESS_LOG_PREFIX}*]`,
  );
}
