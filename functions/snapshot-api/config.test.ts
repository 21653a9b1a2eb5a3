import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../../shared/errors.js';
import { buildSnapshotApiDeps } from './config.js';

const env = {
  TABLE_NAME: 'flux-ledger',
  EVIDENCE_BUCKET: 'flux-evidence-123456789012',
  SIGNING_KEY_ARN: 'arn:aws:kms:eu-west-1:123456789012:key/abc',
  ACCOUNT_ID: '123456789012',
  AWS_REGION: 'eu-west-1',
  FLUX_CONFIG: JSON.stringify({
    auditors: [
      {
        principalArn: 'arn:aws:iam::111122223333:role/a',
        engagement: 'acme-soc2-2026',
        frameworks: ['soc2-2017'],
        endsOn: '2026-06-30',
      },
    ],
  }),
};

describe('buildSnapshotApiDeps', () => {
  it('builds the service from the environment', () => {
    const deps = buildSnapshotApiDeps(env);
    expect(deps.bucket).toBe(env.EVIDENCE_BUCKET);
    expect(deps.auditors.map((a) => a.engagement)).toEqual(['acme-soc2-2026']);
    expect(deps.retention).toEqual({ mode: 'COMPLIANCE', days: 2190 });
    expect(deps.accessEvidence.scope).toEqual({ account: '123456789012', region: 'eu-west-1' });
    expect(deps.maxArtifacts).toBe(15_000);
    // Local runs build in the request; the deployed function queues builds (infra sets BUILD_QUEUE_URL).
    expect(deps.buildQueue).toBeUndefined();
    const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/flux-snapshot-builds';
    expect(buildSnapshotApiDeps({ ...env, BUILD_QUEUE_URL: queueUrl }).buildQueue).toBeDefined();
    expect(() => buildSnapshotApiDeps({ ...env, BUILD_QUEUE_URL: 'not a url' })).toThrow(/BUILD_QUEUE_URL/);
  });

  it('takes operators from the configuration, and a lower artifact ceiling but never a higher one', () => {
    const operators = ['arn:aws:iam::123456789012:role/flux-operator'];
    const config = { ...(JSON.parse(env.FLUX_CONFIG) as object), operators };
    const deps = buildSnapshotApiDeps({
      ...env,
      FLUX_CONFIG: JSON.stringify(config),
      MAX_SNAPSHOT_ARTIFACTS: '500',
    });
    expect(deps.operators).toEqual(operators);
    expect(deps.maxArtifacts).toBe(500);
    expect(() => buildSnapshotApiDeps({ ...env, MAX_SNAPSHOT_ARTIFACTS: '15001' })).toThrow(
      /MAX_SNAPSHOT_ARTIFACTS/,
    );
  });

  it('lists every bad key at once', () => {
    const err = (() => {
      try {
        buildSnapshotApiDeps({ ...env, TABLE_NAME: undefined, ACCOUNT_ID: '12', FLUX_CONFIG: '{' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected ConfigError');
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.issues.map((i) => i.split(':')[0])).toEqual(
      expect.arrayContaining(['TABLE_NAME', 'ACCOUNT_ID', 'FLUX_CONFIG']),
    );
  });

  it('refuses an auditor entry that is not valid', () => {
    const bad = JSON.stringify({
      auditors: [{ principalArn: 'nope', engagement: 'A B', frameworks: [], endsOn: 'soon' }],
    });
    expect(() => buildSnapshotApiDeps({ ...env, FLUX_CONFIG: bad })).toThrow(
      /FLUX_CONFIG: auditors\.0\.principalArn/,
    );
  });
});
