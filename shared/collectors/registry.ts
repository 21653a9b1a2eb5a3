import type { Collector } from './types.js';
import { collector as awsIamPasswordPolicy } from './aws-iam-password-policy/collector.js';

/** Every collector, by id. The registry test checks ids are unique and equal to their folder names. */
export const collectors: readonly Collector[] = [awsIamPasswordPolicy] as readonly Collector[];

/** Looks a collector up by id. */
export function getCollector(id: string): Collector | undefined {
  return collectors.find((c) => c.meta.id === id);
}
