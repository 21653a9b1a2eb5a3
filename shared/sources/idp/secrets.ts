import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { DependencyError, ValidationError } from '../../errors.js';

/** Where identity-provider secrets come from: Secrets Manager in AWS, an env-like map for local runs. */
export interface IdpSecretSources {
  readonly secretsManager?: SecretsManagerClient;
  /**
   * Local runs: `OKTA_API_TOKEN`, `ENTRA_CLIENT_SECRET`, `GOOGLE_SERVICE_ACCOUNT_JSON` take precedence over
   * Secrets Manager. Passed in by the entry point; nothing here reads `process.env`.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The env key that overrides each kind of secret in local runs. */
const IDP_SECRET_ENV = {
  oktaToken: 'OKTA_API_TOKEN',
  entraClientSecret: 'ENTRA_CLIENT_SECRET',
  googleServiceAccount: 'GOOGLE_SERVICE_ACCOUNT_JSON',
} as const;

/** A Google service-account key file: the fields the JWT grant needs. */
const ServiceAccountKeySchema = z.object({
  client_email: z.email(),
  private_key: z.string().regex(/-----BEGIN (?:RSA )?PRIVATE KEY-----/, 'must be a PEM private key'),
  private_key_id: z.string().optional(),
  token_uri: z.url().optional(),
});
export type ServiceAccountKey = z.infer<typeof ServiceAccountKeySchema>;

/** Reads the Okta API token (raw, or JSON with a `token` field). */
export function resolveOktaToken(secretName: string, sources: IdpSecretSources): Promise<string> {
  return readSecret(secretName, IDP_SECRET_ENV.oktaToken, 'token', sources);
}

/** Reads the Entra app's client secret (raw, or JSON with a `clientSecret` field). */
export function resolveEntraClientSecret(secretName: string, sources: IdpSecretSources): Promise<string> {
  return readSecret(secretName, IDP_SECRET_ENV.entraClientSecret, 'clientSecret', sources);
}

/** Reads and validates a Google service-account key file (JSON). */
export async function resolveGoogleServiceAccount(
  secretName: string,
  sources: IdpSecretSources,
): Promise<ServiceAccountKey> {
  const raw = await readSecret(secretName, IDP_SECRET_ENV.googleServiceAccount, undefined, sources);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw invalid(secretName, 'is not a JSON service-account key');
  }
  const parsed = ServiceAccountKeySchema.safeParse(json);
  // Only the failing paths: a message could echo the key.
  if (!parsed.success)
    throw invalid(secretName, `lacks ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return parsed.data;
}

/**
 * Reads one secret. The value never appears in a thrown error: errors name the secret and the reason only.
 * With `field`, a JSON object secret yields that field; any other secret is returned trimmed.
 */
async function readSecret(
  name: string,
  envKey: string,
  field: string | undefined,
  sources: IdpSecretSources,
): Promise<string> {
  const local = sources.env?.[envKey]?.trim();
  if (local) return local;
  if (!sources.secretsManager) {
    throw new DependencyError(
      'identity-provider credentials',
      `no Secrets Manager client and no ${envKey} for secret ${name}`,
    );
  }
  let value: string | undefined;
  try {
    value = (await sources.secretsManager.send(new GetSecretValueCommand({ SecretId: name }))).SecretString;
  } catch (err) {
    // Only the error's name: some SDK errors echo request details.
    throw new DependencyError(
      'Secrets Manager',
      `cannot read secret ${name}: ${(err as { name?: string }).name ?? 'Error'}`,
    );
  }
  const trimmed = value?.trim();
  if (!trimmed) throw invalid(name, 'has no SecretString');
  if (!field || !trimmed.startsWith('{')) return trimmed;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw invalid(name, 'is JSON-like but does not parse');
  }
  const inner = (parsed as Record<string, unknown>)[field];
  if (typeof inner !== 'string' || !inner.trim()) throw invalid(name, `has no string field "${field}"`);
  return inner.trim();
}

function invalid(name: string, reason: string): ValidationError {
  return new ValidationError(`secret ${name}`, [reason]);
}
