import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { z } from 'zod';
import { DependencyError, ValidationError } from '../../errors.js';
import type { GitHubSchema } from '../../config/schema.js';
import type { GitHubAuth } from './client.js';

/** The `github.auth` block of the configuration. */
export type GitHubAuthConfig = z.infer<typeof GitHubSchema>['auth'];

/** Where secrets come from: Secrets Manager in AWS, an env-like map for local runs. */
export interface SecretSources {
  readonly secretsManager?: SecretsManagerClient;
  /** Local runs: `GITHUB_TOKEN` or `GITHUB_APP_PRIVATE_KEY` take precedence over Secrets Manager. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Resolves the configured GitHub credentials into a {@link GitHubAuth}. The secret's value never appears in a
 * thrown error or log: errors name the secret and the reason only. A secret may hold the raw value or a JSON
 * object with a `token` / `privateKey` field.
 */
export async function resolveGitHubAuth(
  config: GitHubAuthConfig,
  sources: SecretSources,
): Promise<GitHubAuth> {
  if (config.type === 'token') {
    const token = sources.env?.GITHUB_TOKEN || (await readSecret(config.tokenSecret, 'token', sources));
    if (/\s/.test(token.trim()) || token.trim().length < 8)
      throw invalid(config.tokenSecret, 'does not look like a GitHub token');
    return { type: 'token', token: token.trim() };
  }
  const raw =
    sources.env?.GITHUB_APP_PRIVATE_KEY || (await readSecret(config.privateKeySecret, 'privateKey', sources));
  // Keys stored in env files often carry literal "\n".
  const privateKey = raw.includes('\\n') ? raw.replace(/\\n/g, '\n') : raw;
  if (!/-----BEGIN (?:RSA )?PRIVATE KEY-----/.test(privateKey))
    throw invalid(config.privateKeySecret, 'is not a PEM private key');
  return { type: 'app', appId: config.appId, installationId: config.installationId, privateKey };
}

async function readSecret(
  name: string,
  field: 'token' | 'privateKey',
  sources: SecretSources,
): Promise<string> {
  if (!sources.secretsManager) {
    throw new DependencyError(
      'GitHub credentials',
      `no Secrets Manager client and no local value for secret ${name}`,
    );
  }
  let value: string | undefined;
  try {
    value = (await sources.secretsManager.send(new GetSecretValueCommand({ SecretId: name }))).SecretString;
  } catch (err) {
    const e = err as { name?: string };
    // Only the error's name: some SDK errors echo request details.
    throw new DependencyError('Secrets Manager', `cannot read secret ${name}: ${e.name ?? 'Error'}`);
  }
  if (!value) throw invalid(name, 'has no SecretString');
  const trimmed = value.trim();
  if (!trimmed.startsWith('{')) return trimmed;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw invalid(name, 'is JSON-like but does not parse');
  }
  const inner = (parsed as Record<string, unknown>)[field];
  if (typeof inner !== 'string' || !inner) throw invalid(name, `has no string field "${field}"`);
  return inner;
}

function invalid(name: string, reason: string): ValidationError {
  return new ValidationError(`secret ${name}`, [reason]);
}
