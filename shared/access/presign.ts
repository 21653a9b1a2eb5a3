import { GetObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ConfigError, ValidationError } from '../errors.js';

/** Default lifetime of a download URL, in seconds. */
const DEFAULT_URL_EXPIRY_SECONDS = 3600;
/** SigV4's hard maximum for a presigned URL (7 days), in seconds. */
export const MAX_URL_EXPIRY_SECONDS = 604_800;

/** Why a URL lives shorter than asked. */
type ExpiryCap = 'credentials' | 'engagement';

export interface PresignInput {
  /** Client used only for signing; build it with {@link createPresignClient}. */
  readonly s3: S3Client;
  readonly bucket: string;
  readonly key: string;
  /** Requested lifetime in seconds (default 3600, at most 604800). */
  readonly expiresIn?: number;
  readonly now: Date;
  /** A hard end the URL must not outlive (e.g. the engagement's end). */
  readonly notAfter?: Date;
}

export interface PresignedUrl {
  readonly url: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
  /** The lifetime actually signed, in seconds. */
  readonly expiresIn: number;
  readonly requestedExpiresIn: number;
  /** Present when the lifetime was shortened, with the reason(s). */
  readonly cappedBy?: readonly ExpiryCap[];
}

/**
 * An S3 client for presigning: checksums only when an operation requires them, so a presigned request never
 * carries a checksum computed over an empty body (docs/EMULATOR.md).
 */
export function createPresignClient(config: S3ClientConfig): S3Client {
  return new S3Client({ ...config, requestChecksumCalculation: 'WHEN_REQUIRED' });
}

/** Checks a requested lifetime; throws ValidationError for anything but an integer in [1, 604800]. */
function checkExpiry(expiresIn: number | undefined): number {
  const s = expiresIn ?? DEFAULT_URL_EXPIRY_SECONDS;
  if (!Number.isInteger(s) || s < 1 || s > MAX_URL_EXPIRY_SECONDS) {
    throw new ValidationError('URL request', [
      `expiresIn: ${s} must be an integer number of seconds from 1 to ${MAX_URL_EXPIRY_SECONDS} (7 days)`,
    ]);
  }
  return s;
}

/**
 * Presigns a GET of one object. The lifetime is the requested one, but never beyond the signing credentials' own
 * expiration (a URL signed by a role session dies with the session) nor beyond `notAfter`; `cappedBy` says which
 * shortened it. Refuses (ValidationError) a lifetime over 7 days, and one that a cap leaves at zero.
 */
export async function presignGet(input: PresignInput): Promise<PresignedUrl> {
  const requested = checkExpiry(input.expiresIn);
  if ((await input.s3.config.requestChecksumCalculation()) !== 'WHEN_REQUIRED') {
    throw new ConfigError([
      "presign client: requestChecksumCalculation must be 'WHEN_REQUIRED' (use createPresignClient)",
    ]);
  }
  const nowS = Math.floor(input.now.getTime() / 1000);
  const creds = await input.s3.config.credentials();
  const caps: { by: ExpiryCap; at: Date | undefined }[] = [
    { by: 'credentials', at: creds.expiration },
    { by: 'engagement', at: input.notAfter },
  ];
  let expiresIn = requested;
  const cappedBy: ExpiryCap[] = [];
  for (const { by, at } of caps) {
    if (!at) continue;
    const left = Math.floor(at.getTime() / 1000) - nowS;
    if (left < expiresIn) {
      expiresIn = left;
      cappedBy.push(by);
    }
  }
  if (expiresIn < 1) {
    throw new ValidationError('URL request', [
      `expiresIn: no lifetime left (${cappedBy.join(', ')} already expired)`,
    ]);
  }
  const url = await getSignedUrl(input.s3, new GetObjectCommand({ Bucket: input.bucket, Key: input.key }), {
    expiresIn,
    signingDate: new Date(nowS * 1000),
  });
  return {
    url,
    issuedAt: new Date(nowS * 1000).toISOString(),
    expiresAt: new Date((nowS + expiresIn) * 1000).toISOString(),
    expiresIn,
    requestedExpiresIn: requested,
    ...(cappedBy.length ? { cappedBy } : {}),
  };
}
