import type { GitHubOrgData } from '../collectors/github-org/schema.js';
import { defineRule, outcome, type FailingResource } from './types.js';

/**
 * The organization requires 2FA and no member or outside collaborator is without it. When GitHub showed neither
 * the requirement nor the members without 2FA (owner-only facts), the data cannot judge: the engine reports UNKNOWN.
 */
export const rule = defineRule<GitHubOrgData>({
  id: 'github-org-2fa-required',
  version: '1.0.0',
  collector: 'github-org',
  controls: ['IAM-02'],
  title: 'GitHub organization requires 2FA and every member has it',
  accepts: (d) => {
    const o = d as GitHubOrgData;
    return typeof o === 'object' && o !== null && Array.isArray(o.members) && o.membersWithout2fa !== null;
  },
  evaluate(d) {
    const people = d.members.length + d.outsideCollaborators.length;
    if (people === 0 && d.twoFactorRequirementEnabled !== false)
      return outcome.notApplicable(`organization ${d.org} has no members or outside collaborators`);
    const failing: FailingResource[] = [];
    if (d.twoFactorRequirementEnabled === false)
      failing.push({ resource: `github:${d.org}`, reason: 'the organization does not require 2FA' });
    for (const login of d.membersWithout2fa ?? [])
      failing.push({ resource: `github:${d.org}/${login}`, reason: 'member without 2FA' });
    for (const login of d.outsideCollaboratorsWithout2fa ?? [])
      failing.push({ resource: `github:${d.org}/${login}`, reason: 'outside collaborator without 2FA' });
    return outcome.of(
      failing,
      `${d.org} ${d.twoFactorRequirementEnabled ? 'requires 2FA and ' : ''}all ${people} members and collaborators have 2FA`,
      `${d.org}: ${failing.length} 2FA gap(s)`,
    );
  },
});
