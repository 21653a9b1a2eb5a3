import { describe, expect, it } from '@jest/globals';
import { awsTestConfig } from '../../test/harness/aws.js';
import { getCollectorMeta } from '../../shared/collectors/meta-registry.js';
import { parseConfig } from '../../shared/config/load.js';
import { planCollectorUnits } from './plan.js';

describe('planCollectorUnits', () => {
  it('plans snapshot-access-log once, in the platform account and region the snapshot API records issuances under', async () => {
    const { endpoint } = awsTestConfig();
    const units = await planCollectorUnits(
      getCollectorMeta('snapshot-access-log')!,
      parseConfig({}),
      { endpoint },
      'eu-west-1',
      '2026-02-01T10:00:00.000Z',
    );
    // moto's default account is the caller's account (what the snapshot API's ACCOUNT_ID is set to by infra).
    expect(units).toEqual([
      {
        collector: 'snapshot-access-log',
        scope: { account: '123456789012', region: 'eu-west-1' },
        requestedAt: '2026-02-01T10:00:00.000Z',
      },
    ]);
  });
});
