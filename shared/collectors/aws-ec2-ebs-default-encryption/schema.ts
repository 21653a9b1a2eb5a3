import * as z from 'zod';

export const schema = z.strictObject({
  /** Whether new EBS volumes in this region are encrypted by default. */
  encryptionByDefault: z.boolean(),
  /**
   * The key new volumes are encrypted with (`alias/aws/ebs` for the AWS managed key, else a key ARN);
   * null only when it could not be read (see the envelope's errors).
   */
  defaultKmsKeyId: z.string().min(1).nullable(),
});
export type EbsDefaultEncryptionData = z.infer<typeof schema>;
