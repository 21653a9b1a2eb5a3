import { describe, expect, it } from '@jest/globals';
import { ConfigError, ValidationError } from '../../shared/errors.js';
import { MemoryEvidenceLoader } from '../../shared/mapping/evidence-loader.js';
import { MemoryResultsStore } from '../../shared/mapping/memory-results-store.js';
import { rule } from '../../shared/rules/iam-password-policy-minimum-length.js';
import { parseMapperEnv } from './config.js';
import { parseEvidenceStored } from '../../shared/contracts/evidence-stored.js';
import { createMapperHandler } from './handler.js';

const sha = 'c'.repeat(64);
const event = (detail: Record<string, unknown>) => ({
  version: '0',
  source: 'flux.evidence',
  'detail-type': 'EvidenceStored',
  detail: {
    sha256: sha,
    key: `evidence/aws-iam-password-policy/2026/03/01/2026-03-01T00:00:00.000Z_${sha}.json`,
    collector: 'aws-iam-password-policy',
    scope: { region: 'global', account: '123456789012' },
    observedAt: '2026-03-01T00:00:00.000Z',
    collectedAt: '2026-03-01T00:00:00.000Z',
    ledgerIndex: 7,
    ...detail,
  },
});

describe('mapper handler input', () => {
  it('turns an EvidenceStored event into an artifact reference with the canonical scope key', () => {
    expect(parseEvidenceStored(event({}))).toEqual({
      sha256: sha,
      collector: 'aws-iam-password-policy',
      scope: 'account=123456789012,region=global',
    });
    expect(parseEvidenceStored(event({ scope: 'org=acme' })).scope).toBe('org=acme');
  });

  it('rejects other events and bad fields, listing every problem', () => {
    expect(() => parseEvidenceStored({ ...event({}), 'detail-type': 'Scheduled Event' })).toThrow(
      ValidationError,
    );
    try {
      parseEvidenceStored(event({ sha256: 'xyz', collector: 'Not An Id', scope: { account: '12' } }));
      throw new Error('expected a ValidationError');
    } catch (err) {
      expect((err as ValidationError).issues.map((i) => i.split(':')[0])).toEqual(
        expect.arrayContaining(['detail.sha256', 'detail.collector', 'detail.scope.account']),
      );
    }
  });

  it('parses the environment and names every missing key', () => {
    expect(
      parseMapperEnv({ TABLE_NAME: 'ledger', EVIDENCE_BUCKET: 'flux-evidence', AWS_REGION: 'eu-west-1' }),
    ).toMatchObject({ TABLE_NAME: 'ledger' });
    try {
      parseMapperEnv({ AWS_ENDPOINT_URL: 'not a url' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).issues.map((i) => i.split(':')[0]).sort()).toEqual([
        'AWS_ENDPOINT_URL',
        'AWS_REGION',
        'EVIDENCE_BUCKET',
        'TABLE_NAME',
      ]);
    }
  });

  it('maps the artifact and returns the transitions', async () => {
    const evidence = new MemoryEvidenceLoader();
    evidence.add({
      collector: 'aws-iam-password-policy',
      scope: 'account=123456789012,region=global',
      sha256: sha,
      observedAt: '2026-03-01T00:00:00.000Z',
      collectedAt: '2026-03-01T00:00:00.000Z',
      data: { present: false, policy: null },
      errors: [],
      complete: true,
    });
    const controls = [
      {
        id: 'IAM-04',
        collectors: ['aws-iam-password-policy'],
        frequency: 'daily' as const,
        version: '1.0.0',
      },
    ];
    const handler = createMapperHandler(() => ({
      controls,
      rules: [rule],
      ttlHoursOf: () => 36,
      evidence,
      results: new MemoryResultsStore(),
      now: () => new Date('2026-03-01T01:00:00.000Z'),
    }));
    const out = await handler(event({}));
    expect(out.transitions).toEqual([
      expect.objectContaining({ controlId: 'IAM-04', from: undefined, to: 'FAIL', kind: 'drift' }),
    ]);
    await expect(handler({ detail: {} })).rejects.toThrow(ValidationError);
  });
});
