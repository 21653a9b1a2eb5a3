import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import type { CollectorContext } from '../../kernel/types.js';
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
