import { describe, expect, it } from '@jest/globals';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsTestConfig } from '../../../test/harness/aws.js';
import { DependencyError, ValidationError } from '../../errors.js';
import { buildIdpExtras } from './extras.js';
import { resolveEntraClientSecret, resolveGoogleServiceAccount, resolveOktaToken } from './secrets.js';

const OKTA = '00SecretsManagerOktaToken_abcdefghijklmnop';

describe('identity-provider secrets', () => {
  const sm = new SecretsManagerClient(awsTestConfig());

  it('reads raw and JSON secrets from Secrets Manager, and lets the env map override', async () => {
    await sm.send(new CreateSecretCommand({ Name: 'flux/okta', SecretString: `${OKTA}\n` }));
    await sm.send(
      new CreateSecretCommand({
        Name: 'flux/entra',
        SecretString: JSON.stringify({ clientSecret: 'entra-secret-value' }),
      }),
    );
    expect(await resolveOktaToken('flux/okta', { secretsManager: sm })).toBe(OKTA);
    expect(await resolveEntraClientSecret('flux/entra', { secretsManager: sm })).toBe('entra-secret-value');
    expect(
      await resolveOktaToken('flux/okta', { secretsManager: sm, env: { OKTA_API_TOKEN: 'local-token' } }),
    ).toBe('local-token');
  });

  it('names the secret but never its value when it is unusable or missing', async () => {
    await sm.send(
      new CreateSecretCommand({
        Name: 'flux/google-bad',
        SecretString: JSON.stringify({ client_email: 'x', private_key: 'leakme-value' }),
      }),
    );
    const bad = await resolveGoogleServiceAccount('flux/google-bad', { secretsManager: sm }).catch(
      (e: unknown) => e,
    );
    expect(bad).toBeInstanceOf(ValidationError);
    expect(String((bad as Error).message)).toContain('flux/google-bad');
    expect(String((bad as Error).message)).not.toContain('leakme-value');
    await expect(resolveOktaToken('flux/absent', { secretsManager: sm })).rejects.toThrow(DependencyError);
    await expect(resolveOktaToken('flux/okta', {})).rejects.toThrow(/no Secrets Manager client/);
  });

  it('builds extras that read each secret lazily and once', async () => {
    let calls = 0;
    const counting = {
      send: async (cmd: unknown) => (calls++, sm.send(cmd as never)),
    } as unknown as SecretsManagerClient;
    const extras = buildIdpExtras(
      { okta: { baseUrl: 'https://acme.okta.com', tokenSecret: 'flux/okta' } },
      { secretsManager: counting },
    );
    expect(calls).toBe(0);
    expect(await extras.okta!.token()).toBe(OKTA);
    expect(await extras.okta!.token()).toBe(OKTA);
    expect(calls).toBe(1);
    expect(extras.entra).toBeUndefined();
  });
});
