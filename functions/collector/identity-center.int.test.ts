// The deployed Identity Center collector function: its entry (functions/collector/entries/, generated) pairs the
// collector with the identity-provider source builder, so the store configured in identityProviders.identityCenter
// (the only provider block infra/sources.ts passes it) reaches the collector. Before, the entry used the AWS source,
// whose extras are empty, and every deployed run failed with "not configured".
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { CreateUserCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { collector } from '../../shared/collectors/aws-identity-center-users/collector.js';
import type { IdentityCenterUsersData } from '../../shared/collectors/aws-identity-center-users/schema.js';
import { awsTestConfig } from '../../test/harness/aws.js';
import { createCollectorHandler } from './handler.js';
import { idpSource } from './sources/idp.js';
import { batch, context, platform, record, unit } from './test-platform.js';

const STORE = 'd-9067a1b2c3';
const REGION = 'eu-west-1';

describe('deployed aws-identity-center-users function (moto)', () => {
  it('is generated with the identity-provider source builder', () => {
    const entry = readFileSync('functions/collector/entries/aws-identity-center-users.ts', 'utf8');
    expect(entry).toContain("import { idpSource } from '../sources/idp.js';");
    expect(entry).toContain('createCollectorHandler(collector, idpSource)');
  });

  it('reads the configured store and stores its users', async () => {
    const p = await platform('idc-fn');
    await new IdentitystoreClient(awsTestConfig(REGION)).send(
      new CreateUserCommand({
        IdentityStoreId: STORE,
        UserName: 'dana',
        DisplayName: 'Dana Scully',
        Name: { GivenName: 'Dana', FamilyName: 'Scully' },
      }),
    );
    const flux = JSON.parse(p.env.FLUX_CONFIG) as Record<string, unknown>;
    const env = {
      ...p.env,
      COLLECTOR_ID: collector.meta.id,
      FLUX_CONFIG: JSON.stringify({
        ...flux,
        identityProviders: { identityCenter: { identityStoreId: STORE, region: REGION } },
      }),
    };
    const handler = createCollectorHandler(collector, idpSource, env);

    expect(await handler(batch(record(unit(collector.meta.id, 'global'))), context)).toEqual({
      batchItemFailures: [],
    });
    expect(await p.sequence()).toMatchObject({ appended: 1, refused: [] });
    const entries = [];
    for await (const e of p.ledger.entries(0, 1)) entries.push(e);
    const { envelope } = await p.store.get(entries[0]!.key);
    expect(envelope.collector).toBe(collector.meta.id);
    expect(envelope.errors).toEqual([]);
    const data = envelope.data as IdentityCenterUsersData;
    expect(data.users.map((u) => u.userName)).toEqual(['dana']);
  });
});
