import {
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  RDSClient,
  type DBCluster,
  type DBInstance,
} from '@aws-sdk/client-rds';
import { defineCollector, requestedPageSize } from '../../kernel/types.js';
import { meta } from './meta.js';
import { schema, type DbCluster, type DbInstance, type RdsInstancesData } from './schema.js';

/**
 * Lists every RDS DB instance and DB cluster in the region with the settings data-protection controls
 * read. A failure to list clusters is recorded and leaves `clusters: null`; instances are still reported.
 * `ctx.extras.pageSize` (tests) sets MaxRecords (AWS accepts 20-100).
 */
export const collector = defineCollector<RdsInstancesData>({
  meta,
  schema,
  async collect(ctx) {
    const rds = ctx.aws(RDSClient);
    const pageSize = requestedPageSize(ctx);
    const instances: DbInstance[] = [];
    for await (const page of paginateDescribeDBInstances({ client: rds, pageSize }, {})) {
      for (const db of page.DBInstances ?? []) instances.push(toInstance(db));
    }
    const clusters = await ctx.tryResource('db-clusters', 'DescribeDBClusters', async () => {
      const out: DbCluster[] = [];
      for await (const page of paginateDescribeDBClusters({ client: rds, pageSize }, {})) {
        for (const c of page.DBClusters ?? []) out.push(toCluster(c));
      }
      return out;
    });
    return { data: { instances, clusters: clusters ?? null } };
  },
});

// Identity and security fields are passed through as-is: AWS always returns them, so when one is missing
// the schema rejects the run (InvalidSourceData) instead of storing a guessed value that could pass a rule.
function toInstance(db: DBInstance): DbInstance {
  return {
    id: db.DBInstanceIdentifier as string,
    arn: db.DBInstanceArn as string,
    engine: db.Engine as string,
    engineVersion: db.EngineVersion ?? null,
    status: db.DBInstanceStatus ?? null,
    clusterId: db.DBClusterIdentifier ?? null,
    storageEncrypted: db.StorageEncrypted as boolean,
    kmsKeyId: db.KmsKeyId ?? null,
    publiclyAccessible: db.PubliclyAccessible as boolean,
    backupRetentionPeriod: db.BackupRetentionPeriod as number,
    deletionProtection: db.DeletionProtection as boolean,
    multiAZ: db.MultiAZ as boolean,
    autoMinorVersionUpgrade: db.AutoMinorVersionUpgrade as boolean,
    iamAuthEnabled: db.IAMDatabaseAuthenticationEnabled as boolean,
  };
}

function toCluster(c: DBCluster): DbCluster {
  return {
    id: c.DBClusterIdentifier as string,
    arn: c.DBClusterArn as string,
    engine: c.Engine as string,
    engineVersion: c.EngineVersion ?? null,
    status: c.Status ?? null,
    storageEncrypted: c.StorageEncrypted as boolean,
    kmsKeyId: c.KmsKeyId ?? null,
    publiclyAccessible: c.PubliclyAccessible ?? null,
    backupRetentionPeriod: c.BackupRetentionPeriod as number,
    deletionProtection: c.DeletionProtection as boolean,
    multiAZ: c.MultiAZ as boolean,
    iamAuthEnabled: c.IAMDatabaseAuthenticationEnabled as boolean,
    members: (c.DBClusterMembers ?? []).map((m) => m.DBInstanceIdentifier as string),
  };
}
