import type { CollectorMeta } from '../../kernel/types.js';

/**
 * Auditor access to snapshots, as evidence of itself: every presigned URL issued (recorded at issuance, by the
 * snapshot API) and every download the bucket's S3 server access logs show (read hourly from the log bucket).
 * `derived`: it reads the platform's own records, not a customer source.
 */
export const SNAPSHOT_ACCESS_LOG_ID = 'snapshot-access-log';

/** The prefix the evidence bucket's server access logs are delivered under (infra/constructs/evidence-store.ts). */
export const ACCESS_LOG_PREFIX = 'evidence-bucket/';

export const meta: CollectorMeta = {
  id: SNAPSHOT_ACCESS_LOG_ID,
  version: '1.0.0',
  title: 'Snapshot URL issuances and downloads (S3 server access logs)',
  source: 'derived',
  scope: 'global',
  schedule: 'rate(1 hour)',
  ttlHours: 2,
  permissions: ['s3:ListBucket', 's3:GetObject'],
};
