import type { DbCluster, DbInstance, RdsInstancesData } from '../../collectors/aws-rds-instances/schema.js';

/** A database whose storage, backup and deletion settings are its own: a standalone instance or a cluster. */
export type StorageOwner = (DbInstance | DbCluster) & { readonly kind: 'instance' | 'cluster' };

/**
 * The databases that own storage-level settings (encryption, backup retention, deletion protection):
 * standalone instances and clusters. A cluster member is judged through its cluster, unless the cluster is
 * not listed, in which case the member stands in for it.
 */
export function storageOwners(data: RdsInstancesData): StorageOwner[] {
  const clusters = data.clusters ?? [];
  const listed = new Set(clusters.map((c) => c.id));
  return [
    ...data.instances
      .filter((i) => i.clusterId === null || !listed.has(i.clusterId))
      .map((i) => ({ ...i, kind: 'instance' as const })),
    ...clusters.map((c) => ({ ...c, kind: 'cluster' as const })),
  ];
}

/** Shape guard shared by the RDS rules. */
export function isRdsData(d: unknown): boolean {
  return typeof d === 'object' && d !== null && Array.isArray((d as RdsInstancesData).instances);
}
