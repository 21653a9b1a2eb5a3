import * as z from 'zod';

const isoOrNull = z.iso.datetime({ offset: true }).nullable();

/** A configuration recorder with its status. Status facts are absent when the status could not be read. */
const RecorderSchema = z.strictObject({
  name: z.string().min(1),
  roleArn: z.string().nullable(),
  allSupported: z.boolean(),
  includeGlobalResourceTypes: z.boolean(),
  /** Resource types recorded when the recorder lists them explicitly. */
  resourceTypes: z.array(z.string()),
  /** Resource types left out under the EXCLUSION_BY_RESOURCE_TYPES strategy. */
  excludedResourceTypes: z.array(z.string()),
  /** ALL_SUPPORTED_RESOURCE_TYPES, INCLUSION_BY_RESOURCE_TYPES or EXCLUSION_BY_RESOURCE_TYPES; null when not stated. */
  recordingStrategy: z.string().nullable(),
  /** Recording frequency of the default recording mode (CONTINUOUS / DAILY); null when not stated. */
  recordingFrequency: z.string().nullable(),
  recording: z.boolean().optional(),
  lastStatus: z.string().nullable().optional(),
  lastStartTime: isoOrNull.optional(),
  lastStopTime: isoOrNull.optional(),
  lastErrorCode: z.string().nullable().optional(),
});
export type Recorder = z.infer<typeof RecorderSchema>;

/** A delivery channel with the status of its last deliveries (absent when the status could not be read). */
const DeliveryChannelSchema = z.strictObject({
  name: z.string().min(1),
  s3BucketName: z.string().nullable(),
  s3KeyPrefix: z.string().nullable(),
  s3KmsKeyArn: z.string().nullable(),
  snsTopicArn: z.string().nullable(),
  snapshotDeliveryFrequency: z.string().nullable(),
  lastSnapshotStatus: z.string().nullable().optional(),
  lastSnapshotTime: isoOrNull.optional(),
  lastHistoryStatus: z.string().nullable().optional(),
  lastHistoryTime: isoOrNull.optional(),
});
export type DeliveryChannel = z.infer<typeof DeliveryChannelSchema>;

export const schema = z.strictObject({
  recorders: z.array(RecorderSchema),
  deliveryChannels: z.array(DeliveryChannelSchema),
});
export type ConfigRecorderData = z.infer<typeof schema>;
