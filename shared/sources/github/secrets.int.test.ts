import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from '@jest/globals';
import { awsTestConfig } from '../../../test/harness/aws.js';
import { DependencyError, ValidationError } from '../../errors.js';
import { resolveGitHubAuth } from './secrets.js';

const TOKEN = 'ghs_' + 'SecretValueFromSecretsManager0123456789';
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAtestkeybody\n-----END RSA PRIVATE KEY-----\n';

describe('resolveGitHubAuth', () => {
  const sm = () => new SecretsManagerClient(awsTestConfig());
  const put = (Name: string, SecretString: string) =>
    sm().send(new CreateSecretCommand({ Name, SecretString }));

  it('reads a token from Secrets Manager, raw or as JSON', async () => {
    await put('flux/github/raw', `${TOKEN}\n`);
    await put('flux/github/json', JSON.stringify({ token: TOKEN }));
    for (const tokenSecret of ['flux/github/raw', 'flux/github/json']) {
      await expect(
        resolveGitHubAuth({ type: 'token', tokenSecret }, { secretsManager: sm() }),
      ).resolves.toEqual({ type: 'token', token: TOKEN });
    }
  });

  it('reads a GitHub App private key from Secrets Manager', async () => {
    await put('flux/github/app-key', JSON.stringify({ privateKey: PEM }));
    const auth = await resolveGitHubAuth(
      { type: 'app', appId: 1, installationId: 2, privateKeySecret: 'flux/github/app-key' },
      { secretsManager: sm() },
    );
    expect(auth).toEqual({ type: 'app', appId: 1, installationId: 2, privateKey: PEM });
  });

  it('prefers GITHUB_TOKEN from the local environment map', async () => {
    const auth = await resolveGitHubAuth(
      { type: 'token', tokenSecret: 'flux/github/absent' },
      { env: { GITHUB_TOKEN: 'ghp_localDevelopmentToken0000' } },
    );
    expect(auth).toEqual({ type: 'token', token: 'ghp_localDevelopmentToken0000' });
  });

  it('names the secret but never its value when a secret is missing or malformed', async () => {
    const missing = await resolveGitHubAuth(
      { type: 'token', tokenSecret: 'flux/github/nope' },
      { secretsManager: sm() },
    ).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DependencyError);
    expect(String((missing as Error).message)).toMatch(/flux\/github\/nope: ResourceNotFoundException/);

    await put('flux/github/not-pem', `not a key but ${TOKEN}`);
    const bad = await resolveGitHubAuth(
      { type: 'app', appId: 1, installationId: 2, privateKeySecret: 'flux/github/not-pem' },
      { secretsManager: sm() },
    ).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect(
      JSON.stringify({ message: (bad as Error).message, details: (bad as ValidationError).details }),
    ).not.toContain(TOKEN);
  });

  it('fails without a Secrets Manager client or local value', async () => {
    await expect(resolveGitHubAuth({ type: 'token', tokenSecret: 'x' }, {})).rejects.toBeInstanceOf(
      DependencyError,
    );
  });
});
