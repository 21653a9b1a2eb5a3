import * as z from 'zod';

/** One customer managed KMS key, as DescribeKey and GetKeyRotationStatus report it. */
const KmsKeySchema = z.strictObject({
  keyId: z.string().min(1),
  arn: z.string().min(1),
  keyState: z.string().min(1),
  enabled: z.boolean(),
  keySpec: z.string().min(1),
  /** Null when the source omitted it (AWS always returns it; emulators may not): a symmetric key can only encrypt. */
  keyUsage: z.string().min(1).nullable(),
  origin: z.string().min(1),
  multiRegion: z.boolean(),
  creationDate: z.iso.datetime({ offset: true }).nullable(),
  /** True for symmetric ENCRYPT_DECRYPT keys with AWS_KMS key material: the keys AWS can rotate automatically. */
  rotationEligible: z.boolean(),
  /** Null when the key is not eligible, pending deletion, or its status could not be read (see the envelope's errors). */
  rotationEnabled: z.boolean().nullable(),
  rotationPeriodDays: z.number().int().nullable(),
});
export type KmsKey = z.infer<typeof KmsKeySchema>;

export const schema = z.strictObject({
  /** Customer managed keys only; AWS managed keys are counted, not listed. */
  keys: z.array(KmsKeySchema),
  awsManagedKeyCount: z.number().int().nonnegative(),
  /** Keys that ListKeys returned (customer, AWS managed and undescribable ones). */
  listedKeyCount: z.number().int().nonnegative(),
});
export type KmsKeysData = z.infer<typeof schema>;
