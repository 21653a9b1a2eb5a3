import * as z from 'zod';

const DbInstanceSchema = z.strictObject({
  id: z.string().min(1),
  arn: z.string().min(1),
  engine: z.string().min(1),
  engineVersion: z.string().nullable(),
  status: z.string().nullable(),
  /** The cluster the instance belongs to (Aurora); its storage and backup settings are the cluster's. */
  clusterId: z.string().nullable(),
  storageEncrypted: z.boolean(),
  kmsKeyId: z.string().nullable(),
  publiclyAccessible: z.boolean(),
  /** Days of automated backups; 0 means automated backups are off. */
  backupRetentionPeriod: z.number().int().nonnegative(),
  deletionProtection: z.boolean(),
  multiAZ: z.boolean(),
  autoMinorVersionUpgrade: z.boolean(),
  iamAuthEnabled: z.boolean(),
});
export type DbInstance = z.infer<typeof DbInstanceSchema>;

const DbClusterSchema = z.strictObject({
  id: z.string().min(1),
  arn: z.string().min(1),
  engine: z.string().min(1),
  engineVersion: z.string().nullable(),
  status: z.string().nullable(),
  storageEncrypted: z.boolean(),
  kmsKeyId: z.string().nullable(),
  /** Only Multi-AZ DB clusters report this; null for Aurora clusters (public access is per instance). */
  publiclyAccessible: z.boolean().nullable(),
  backupRetentionPeriod: z.number().int().nonnegative(),
  deletionProtection: z.boolean(),
  multiAZ: z.boolean(),
  iamAuthEnabled: z.boolean(),
  members: z.array(z.string()),
});
export type DbCluster = z.infer<typeof DbClusterSchema>;

export const schema = z.strictObject({
  instances: z.array(DbInstanceSchema),
  /** Null when the clusters could not be listed (see the envelope's errors). */
  clusters: z.array(DbClusterSchema).nullable(),
});
export type RdsInstancesData = z.infer<typeof schema>;
