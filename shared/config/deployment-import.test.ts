import { describe, expect, it } from '@jest/globals';
import { ConfigError, ValidationError } from '../errors.js';
import { deploymentFromOutputs, withDeployment } from './deployment-import.js';

const OUTPUTS = {
  'FluxEvidence-Stateful': {
    EvidenceBucketName: 'flux-evidence-111122223333-eu-west-1',
    LedgerTableName: 'FluxEvidence-Stateful-Ledger-1',
    EvidenceKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/data',
    SigningKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/sign',
  },
  'FluxEvidence-Stateless': {
    SnapshotApiId: 'a1b2c3d4e5',
    SnapshotApiUrl: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com',
    AppendQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/FluxEvidence-Append.fifo',
  },
};

describe('deployment import', () => {
  it('builds the deployment block from the stacks outputs, the region from the signing key', () => {
    expect(deploymentFromOutputs(OUTPUTS)).toEqual({
      region: 'eu-west-1',
      evidenceBucket: 'flux-evidence-111122223333-eu-west-1',
      ledgerTable: 'FluxEvidence-Stateful-Ledger-1',
      evidenceKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/data',
      signingKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/sign',
      snapshotApiId: 'a1b2c3d4e5',
      snapshotApiUrl: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com',
      appendQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/FluxEvidence-Append.fifo',
    });
  });

  it('names every missing output', () => {
    const e = (() => {
      try {
        deploymentFromOutputs({ 'FluxEvidence-Stateful': { EvidenceBucketName: 'b-1' } });
      } catch (err) {
        return err as ValidationError;
      }
    })()!;
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.issues.join('\n')).toMatch(/LedgerTableName[\s\S]*SigningKeyArn/);
  });

  it('replaces only the deployment block and keeps every other key as written', () => {
    const before = {
      origin: 'acme/evidence',
      collectors: { 'aws-kms-keys': { enabled: false } },
      deployment: { region: 'us-east-1' },
    };
    const after = JSON.parse(withDeployment(JSON.stringify(before), deploymentFromOutputs(OUTPUTS)));
    expect(after.origin).toBe('acme/evidence');
    expect(after.collectors).toEqual(before.collectors);
    expect(after.deployment.region).toBe('eu-west-1');
    expect(() => withDeployment('{"origin": 1}', deploymentFromOutputs(OUTPUTS))).toThrow(ConfigError);
    expect(() => withDeployment('not json', deploymentFromOutputs(OUTPUTS))).toThrow(ConfigError);
  });
});
