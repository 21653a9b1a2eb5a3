import * as z from 'zod';
import { BranchRulesSchema } from '../../sources/github/branch-rules.js';

const featureStatus = z.enum(['enabled', 'disabled']).nullable();

const RepositorySchema = z.strictObject({
  name: z.string().min(1),
  fullName: z.string().min(1),
  visibility: z.enum(['public', 'private', 'internal']),
  archived: z.boolean(),
  fork: z.boolean(),
  defaultBranch: z.string().min(1),
  /** Default-branch protection and rules; null when they could not be read (the envelope's errors name the repo). */
  defaultBranchRules: BranchRulesSchema.nullable(),
  /** null: GitHub did not show security_and_analysis (it is shown to repository admins only). */
  securityAndAnalysis: z
    .strictObject({
      secretScanning: featureStatus,
      secretScanningPushProtection: featureStatus,
      dependabotSecurityUpdates: featureStatus,
    })
    .nullable(),
});

export const schema = z.strictObject({
  org: z.string().min(1),
  repositories: z.array(RepositorySchema),
});
export type GitHubReposData = z.infer<typeof schema>;
export type GitHubRepository = z.infer<typeof RepositorySchema>;
