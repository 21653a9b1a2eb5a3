import * as z from 'zod';

const DetectorSchema = z.strictObject({
  detectorId: z.string().min(1),
  /** `ENABLED` or `DISABLED`, as GuardDuty reports it. */
  status: z.string().min(1),
  findingPublishingFrequency: z.string().nullable(),
  createdAt: z.string().nullable(),
  /** Legacy data-source switches flattened to `path → status`, e.g. `Kubernetes.AuditLogs: DISABLED`. */
  dataSources: z.record(z.string(), z.string()),
  /** Protection plans (S3, EKS, RDS, Lambda, runtime monitoring...) and their status. */
  features: z.array(z.strictObject({ name: z.string().min(1), status: z.string().min(1) })),
});
export type Detector = z.infer<typeof DetectorSchema>;

export const schema = z.strictObject({
  /** Empty when GuardDuty is not enabled in the region (no detector). */
  detectors: z.array(DetectorSchema),
});
export type GuardDutyDetectorsData = z.infer<typeof schema>;
