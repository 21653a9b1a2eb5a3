import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { ConfigError, DeliveryError } from '../errors.js';

/** Where the webhook goes: a URL loader (the URL is a secret: never logged, never in an error). */
export interface WebhookTarget {
  readonly url: () => Promise<string>;
  /** Injected for tests; the global fetch by default. */
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

const SecretValue = z.union([z.url(), z.object({ url: z.url() }).transform((o) => o.url)]);

/**
 * Reads the webhook URL from a Secrets Manager secret (the URL itself, or JSON `{ "url": ... }`) once and
 * caches it. A malformed secret fails with a ConfigError that names the secret, not its value.
 */
export function webhookUrlFromSecret(sm: SecretsManagerClient, secretId: string): () => Promise<string> {
  let cached: Promise<string> | undefined;
  const load = async () => {
    const res = await sm.send(new GetSecretValueCommand({ SecretId: secretId }));
    const raw = res.SecretString ?? '';
    let value: unknown = raw.trim();
    if (raw.trim().startsWith('{')) value = JSON.parse(raw) as unknown;
    const parsed = SecretValue.safeParse(value);
    if (!parsed.success) throw new ConfigError([`webhook secret ${secretId}: not a URL or {"url": ...}`]);
    return parsed.data;
  };
  return () => {
    cached ??= load().catch((err: unknown) => {
      cached = undefined;
      throw err;
    });
    return cached;
  };
}

/** POSTs `body` as JSON; a non-2xx answer or a network failure throws DeliveryError (without the URL). */
export async function postWebhook(target: WebhookTarget, body: unknown): Promise<void> {
  const url = await target.url();
  const doFetch = target.fetch ?? fetch;
  let status: number;
  try {
    const res = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(target.timeoutMs ?? 10_000),
    });
    status = res.status;
    await res.arrayBuffer().catch(() => undefined);
  } catch (err) {
    // The cause may quote the URL; keep only its name and code.
    const cause = err as { name?: string; cause?: { code?: string } };
    throw new DeliveryError('webhook', 'webhook request failed', {
      error: cause.name,
      code: cause.cause?.code,
    });
  }
  if (status < 200 || status >= 300)
    throw new DeliveryError('webhook', `webhook answered ${status}`, { status });
}
