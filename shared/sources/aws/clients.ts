import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { countItems, type ProvenanceRecorder } from '../../kernel/provenance.js';

/** Connection settings shared by every SDK client of a run (endpoint is set for the emulator). */
export interface AwsConnection {
  readonly endpoint?: string;
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** SDK retry attempts; retries use the SDK's adaptive mode (client-side rate limiting). */
  readonly maxAttempts?: number;
  readonly forcePathStyle?: boolean;
}

// Every SDK v3 client class has this constructor shape and a middleware stack.
interface SdkClient {
  middlewareStack: { add(mw: unknown, opts: Record<string, unknown>): void };
  config: unknown;
}
type SdkClientClass<C extends SdkClient> = new (config: Record<string, unknown>) => C;

/** Builds SDK clients for one scope; each client records every call into the run's provenance. */
export type AwsClientFactory = <C extends SdkClient>(ctor: SdkClientClass<C>, region?: string) => C;

/**
 * Creates a client factory. Clients are cached per (class, region) for the life of one collection run.
 */
export function createAwsClientFactory(
  connection: AwsConnection,
  defaultRegion: string,
  recorder: ProvenanceRecorder,
): AwsClientFactory {
  // Keyed by class identity: class names do not survive minification (the Lambda bundles).
  const cache = new Map<SdkClientClass<SdkClient>, Map<string, SdkClient>>();
  return <C extends SdkClient>(ctor: SdkClientClass<C>, region = defaultRegion): C => {
    const perRegion = cache.get(ctor) ?? new Map<string, SdkClient>();
    cache.set(ctor, perRegion);
    const hit = perRegion.get(region);
    if (hit) return hit as C;
    const config = {
      region,
      retryMode: 'adaptive',
      maxAttempts: connection.maxAttempts ?? 6,
      ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
      ...(connection.credentials ? { credentials: connection.credentials } : {}),
      ...(connection.forcePathStyle ? { forcePathStyle: true } : {}),
    };
    let client = new ctor(config);
    if (connection.endpoint && ACCOUNT_HOST_SERVICES.has(serviceId(client)))
      client = new ctor({ ...config, ...fixedEndpoint(connection.endpoint) });
    attachProvenance(client, recorder);
    perRegion.set(region, client);
    return client;
  };
}

/**
 * Clients whose endpoint rules put the account id into the host name (`<account>.s3-control...`). With an
 * endpoint override (the emulator, a VPC endpoint) that host cannot resolve, so the override is used as is;
 * the account still travels in the `x-amz-account-id` header. Real AWS endpoints are untouched.
 */
const ACCOUNT_HOST_SERVICES = new Set(['S3 Control']);
/** The client's SDK service id (`S3 Control`): its resolved config says it, whatever the class is named. */
const serviceId = (client: SdkClient) => (client.config as { serviceId?: string }).serviceId ?? '';
const fixedEndpoint = (url: string) => ({ endpointProvider: () => ({ url: new URL(url) }) });

/** Adds the middleware that records each logical call (after the SDK's own retries) into provenance. */
function attachProvenance(client: SdkClient, recorder: ProvenanceRecorder): void {
  client.middlewareStack.add(
    (
      next: (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>,
      context: {
        clientName?: string;
        commandName?: string;
      },
    ) =>
      async (args: { input: Record<string, unknown> }) => {
        const service = (context.clientName ?? 'Unknown').replace(/Client$/, '');
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        try {
          const result = await next(args);
          const meta = result.output.$metadata as { requestId?: string } | undefined;
          recorder.record({
            service,
            operation,
            params: args.input,
            items: countItems(result.output),
            ...(meta?.requestId ? { requestId: meta.requestId } : {}),
          });
          return result;
        } catch (err) {
          const e = err as { name?: string; $metadata?: { requestId?: string } };
          recorder.record({
            service,
            operation,
            params: args.input,
            items: 0,
            error: e.name ?? 'Error',
            ...(e.$metadata?.requestId ? { requestId: e.$metadata.requestId } : {}),
          });
          throw err;
        }
      },
    { step: 'initialize', name: 'fluxProvenance', priority: 'high' },
  );
}
