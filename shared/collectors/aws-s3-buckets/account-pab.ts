import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import type { CollectorContext } from '../types.js';
import { nullIfNotConfigured } from './not-configured.js';
import type { PublicAccessBlock } from './schema.js';

/**
 * Reads the account-level Block Public Access. Returns null when the account has none, undefined when it
 * could not be read (the failure is in the envelope's errors).
 */
export async function accountPublicAccessBlock(
  ctx: CollectorContext,
): Promise<PublicAccessBlock | null | undefined> {
  const accountId = ctx.scope.account;
  if (!accountId) {
    ctx.recordError({
      code: 'MissingScope',
      message: 'the scope names no account, so the account-level Public Access Block cannot be read',
      operation: 'GetPublicAccessBlock',
    });
    return undefined;
  }
  const client = ctx.aws(S3ControlClient);
  routeAccountHostToLoopback(client);
  const out = await ctx.tryResource(`account/${accountId}`, 'GetPublicAccessBlock', () =>
    nullIfNotConfigured(['NoSuchPublicAccessBlockConfiguration'], () =>
      client.send(new GetPublicAccessBlockCommand({ AccountId: accountId })),
    ),
  );
  if (out === undefined) return undefined;
  const c = out?.PublicAccessBlockConfiguration;
  if (!c) return null;
  return {
    blockPublicAcls: c.BlockPublicAcls ?? false,
    ignorePublicAcls: c.IgnorePublicAcls ?? false,
    blockPublicPolicy: c.BlockPublicPolicy ?? false,
    restrictPublicBuckets: c.RestrictPublicBuckets ?? false,
  };
}

const patched = new WeakSet<object>();

/**
 * S3 Control puts the account id in the host name (`<account>.s3-control.<region>.amazonaws.com`). With an
 * endpoint override on loopback (the emulator) that gives `<account>.localhost`, which does not resolve, so
 * such hosts are sent to `localhost` (the account still travels in the x-amz-account-id header). Real AWS
 * host names are left untouched.
 */
export function routeAccountHostToLoopback(client: S3ControlClient): void {
  if (patched.has(client)) return;
  patched.add(client);
  client.middlewareStack.add(
    (next) => async (args) => {
      const req = args.request as { hostname?: string; headers?: Record<string, string> };
      if (req.hostname && /^\d{12}\.localhost$/.test(req.hostname)) {
        req.hostname = 'localhost';
        if (req.headers?.host) req.headers.host = req.headers.host.replace(/^\d{12}\./, '');
      }
      return next(args);
    },
    { step: 'build', priority: 'high', name: 'fluxS3ControlLoopbackHost' },
  );
}
