import * as z from 'zod';

const login = z.string().min(1);

export const schema = z.strictObject({
  org: login,
  /** null: GitHub did not show the setting (it is visible to organization owners only). */
  twoFactorRequirementEnabled: z.boolean().nullable(),
  /** Base permission members get on every repository (`read`, `write`, `admin`, `none`); null when not shown. */
  defaultRepositoryPermission: z.string().nullable(),
  members: z.array(z.strictObject({ login, role: z.enum(['admin', 'member']) })),
  outsideCollaborators: z.array(z.strictObject({ login })),
  /** Logins of members without 2FA; null: could not be read (the envelope's errors say why). */
  membersWithout2fa: z.array(login).nullable(),
  /** Logins of outside collaborators without 2FA; null: could not be read. */
  outsideCollaboratorsWithout2fa: z.array(login).nullable(),
});
export type GitHubOrgData = z.infer<typeof schema>;
