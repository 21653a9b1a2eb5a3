import { schema, type DbCluster, type DbInstance } from '../../collectors/aws-rds-instances/schema.js';
import { ruleContext } from '../types.js';

/** Test fixtures for the RDS rules: schema-valid instances and clusters, healthy unless overridden. */
export const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
export const arn = (kind: 'db' | 'cluster', id: string) => `arn:aws:rds:us-east-1:123456789012:${kind}:${id}`;
export const instance = (id: string, over: Partial<DbInstance> = {}): DbInstance => ({
  id,
  arn: arn('db', id),
  engine: 'postgres',
  engineVersion: '16.3',
  status: 'available',
  clusterId: null,
  storageEncrypted: true,
  kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k',
  publiclyAccessible: false,
  backupRetentionPeriod: 7,
  deletionProtection: true,
  multiAZ: true,
  autoMinorVersionUpgrade: true,
  iamAuthEnabled: false,
  ...over,
});
export const cluster = (id: string, over: Partial<DbCluster> = {}): DbCluster => ({
  id,
  arn: arn('cluster', id),
  engine: 'aurora-postgresql',
  engineVersion: '16.2',
  status: 'available',
  storageEncrypted: true,
  kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k',
  publiclyAccessible: null,
  backupRetentionPeriod: 14,
  deletionProtection: true,
  multiAZ: true,
  iamAuthEnabled: false,
  members: [],
  ...over,
});
export const data = (instances: DbInstance[], clusters: DbCluster[] | null = []) =>
  schema.parse({ instances, clusters });
