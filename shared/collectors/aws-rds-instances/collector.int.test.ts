import { beforeAll, describe, expect, it } from '@jest/globals';
import { CreateDBClusterCommand, CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { awsXmlError, type ProxiedRequest, faultProxyPerTest } from '../../../test/harness/fault-proxy.js';
import { awsTestConfig } from '../../../test/harness/aws.js';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector } from './collector.js';
import type { RdsInstancesData } from './schema.js';

const region = 'us-west-2';
const scope = { account: '123456789012', region };
const now = () => new Date('2026-03-01T00:00:00Z');
const action = (req: ProxiedRequest) => new URLSearchParams(req.body).get('Action');
const kmsKey = `arn:aws:kms:${region}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const proxy = faultProxyPerTest();
// moto omits PubliclyAccessible unless CreateDBInstance sets it (AWS always returns it), so every seed sets it.
const base = {
  DBInstanceClass: 'db.t3.micro',
  Engine: 'postgres',
  MasterUsername: 'admin',
  MasterUserPassword: 'password123',
  AllocatedStorage: 20,
};

describe('aws-rds-instances', () => {
  beforeAll(async () => {
    const rds = new RDSClient(awsTestConfig(region));
    await rds.send(
      new CreateDBInstanceCommand({
        ...base,
        DBInstanceIdentifier: 'legacy-public',
        PubliclyAccessible: true,
        StorageEncrypted: false,
        BackupRetentionPeriod: 0,
        AutoMinorVersionUpgrade: false,
      }),
    );
    await rds.send(
      new CreateDBInstanceCommand({
        ...base,
        DBInstanceIdentifier: 'orders-private',
        PubliclyAccessible: false,
        StorageEncrypted: true,
        KmsKeyId: kmsKey,
        MultiAZ: true,
        BackupRetentionPeriod: 14,
        DeletionProtection: true,
        EnableIAMDatabaseAuthentication: true,
      }),
    );
    await rds.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: 'aurora-main',
        Engine: 'aurora-postgresql',
        MasterUsername: 'admin',
        MasterUserPassword: 'password123',
        StorageEncrypted: true,
        BackupRetentionPeriod: 7,
        DeletionProtection: false,
      }),
    );
  });

  it('reports a public unencrypted instance without backups and an encrypted private Multi-AZ one', async () => {
    const { envelope } = await collectEnvelope(collector, scope, { connection: awsTestConfig(), now });
    const data = envelope.data as RdsInstancesData;
    expect(envelope.errors).toEqual([]);
    const byId = new Map(data.instances.map((i) => [i.id, i]));
    expect(byId.get('legacy-public')).toMatchObject({
      engine: 'postgres',
      storageEncrypted: false,
      kmsKeyId: null,
      publiclyAccessible: true,
      backupRetentionPeriod: 0,
      multiAZ: false,
      deletionProtection: false,
      autoMinorVersionUpgrade: false,
      iamAuthEnabled: false,
      arn: `arn:aws:rds:${region}:123456789012:db:legacy-public`,
    });
    expect(byId.get('orders-private')).toMatchObject({
      storageEncrypted: true,
      kmsKeyId: kmsKey,
      publiclyAccessible: false,
      backupRetentionPeriod: 14,
      multiAZ: true,
      deletionProtection: true,
      iamAuthEnabled: true,
    });
    expect(data.clusters).toEqual([
      expect.objectContaining({
        id: 'aurora-main',
        engine: 'aurora-postgresql',
        storageEncrypted: true,
        backupRetentionPeriod: 7,
        deletionProtection: false,
      }),
    ]);
    expect(envelope.provenance.operations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ service: 'RDS', operation: 'DescribeDBInstances', pages: 1, items: 2 }),
        expect.objectContaining({ service: 'RDS', operation: 'DescribeDBClusters', pages: 1, items: 1 }),
      ]),
    );
  });

  it('follows Marker across DescribeDBInstances pages', async () => {
    const pagedRegion = 'us-east-2';
    const rds = new RDSClient(awsTestConfig(pagedRegion));
    for (let i = 0; i < 23; i++)
      await rds.send(
        new CreateDBInstanceCommand({ ...base, DBInstanceIdentifier: `db-${i}`, PubliclyAccessible: false }),
      );
    const { envelope } = await collectEnvelope(
      collector,
      { account: '123456789012', region: pagedRegion },
      { connection: awsTestConfig(), now, extras: { pageSize: 20 } },
    );
    const data = envelope.data as RdsInstancesData;
    expect(envelope.errors).toEqual([]);
    expect(new Set(data.instances.map((i) => i.id)).size).toBe(23);
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({
        operation: 'DescribeDBInstances',
        params: { MaxRecords: 20 },
        pages: 2,
        items: 23,
      }),
    );
  });

  it('records AccessDenied on the cluster listing and still reports every instance', async () => {
    const connection = await proxy((req) =>
      action(req) === 'DescribeDBClusters'
        ? { status: 403, body: awsXmlError('AccessDenied', 'not authorized') }
        : undefined,
    );
    const { envelope } = await collectEnvelope(collector, scope, { connection, now });
    const data = envelope.data as RdsInstancesData;
    expect(data.clusters).toBeNull();
    expect(data.instances.map((i) => i.id).sort()).toEqual(['legacy-public', 'orders-private']);
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'AccessDenied',
        resource: 'db-clusters',
        operation: 'DescribeDBClusters',
      }),
    ]);
    expect(envelope.provenance.complete).toBe(false);
  });

  it('turns an instance without its encryption flag into InvalidSourceData, and a truncated page into an error', async () => {
    let body = `<DescribeDBInstancesResponse><DescribeDBInstancesResult><DBInstances><DBInstance><DBInstanceIdentifier>x</DBInstanceIdentifier><DBInstanceArn>arn:aws:rds:${region}:123456789012:db:x</DBInstanceArn><Engine>mysql</Engine><PubliclyAccessible>false</PubliclyAccessible><BackupRetentionPeriod>7</BackupRetentionPeriod><DeletionProtection>true</DeletionProtection><MultiAZ>true</MultiAZ><AutoMinorVersionUpgrade>true</AutoMinorVersionUpgrade><IAMDatabaseAuthenticationEnabled>false</IAMDatabaseAuthenticationEnabled></DBInstance></DBInstances></DescribeDBInstancesResult></DescribeDBInstancesResponse>`;
    const connection = await proxy((req) =>
      action(req) === 'DescribeDBInstances' ? { status: 200, body } : undefined,
    );
    const missing = await collectEnvelope(collector, scope, { connection, now });
    expect(missing.envelope.data).toBeNull();
    expect(missing.envelope.errors).toEqual([
      expect.objectContaining({
        code: 'InvalidSourceData',
        message: expect.stringContaining('storageEncrypted'),
      }),
    ]);
    body = '<DescribeDBInstancesResponse><DescribeDBInstancesResult><DBInstances><DBInst';
    const cut = await collectEnvelope(collector, scope, { connection, now });
    expect(cut.envelope.data).toBeNull();
    expect(cut.envelope.errors).toEqual([expect.objectContaining({ operation: 'collect' })]);
  });
});
