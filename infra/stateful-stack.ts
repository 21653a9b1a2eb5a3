import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { FluxConfig } from '../shared/config/schema.js';
import { EvidenceStore } from './constructs/evidence-store.js';
import { BreakGlass } from './constructs/key-guard.js';
import type { DataPlane } from './constructs/grants.js';
import { LedgerTable } from './constructs/ledger-table.js';
import { SigningKey } from './constructs/signing-key.js';

export interface StatefulStackProps extends StackProps {
  readonly config: FluxConfig;
}

/**
 * What must outlive every deployment: the evidence bucket, the ledger table and the keys. Termination
 * protection is on and every resource is retained when removed from the app.
 */
export class StatefulStack extends Stack {
  readonly evidence: EvidenceStore;
  readonly ledger: LedgerTable;
  readonly signing: SigningKey;
  readonly data: DataPlane;
  readonly breakGlass: BreakGlass;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, { ...props, terminationProtection: true });
    this.evidence = new EvidenceStore(this, 'EvidenceStore', { retention: props.config.retention });
    this.ledger = new LedgerTable(this, 'Ledger', { encryptionKey: this.evidence.key });
    this.signing = new SigningKey(this, 'Signing');
    this.breakGlass = new BreakGlass(this, 'BreakGlass', { keys: [this.signing.key, this.evidence.key] });
    this.data = { bucket: this.evidence.bucket, table: this.ledger.table, dataKey: this.evidence.key };
    new CfnOutput(this, 'EvidenceBucketName', { value: this.evidence.bucket.bucketName });
    new CfnOutput(this, 'LedgerTableName', { value: this.ledger.table.tableName });
    new CfnOutput(this, 'EvidenceKeyArn', { value: this.evidence.key.keyArn });
    new CfnOutput(this, 'SigningKeyArn', { value: this.signing.key.keyArn });
    new CfnOutput(this, 'SnapshotSignerRoleArn', { value: this.signing.snapshotSigner.roleArn });
    new CfnOutput(this, 'AccessLogBucketName', { value: this.evidence.logBucket.bucketName });
  }
}
