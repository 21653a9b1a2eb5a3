import type { GoogleWorkspaceUsersData } from '../collectors/google-workspace-users/schema.js';
import { defineRule, outcome } from './types.js';

/** Every Google Workspace user who is neither suspended nor archived is enrolled in 2-Step Verification. */
export const rule = defineRule<GoogleWorkspaceUsersData>({
  id: 'google-user-2sv-enrolled',
  version: '1.0.0',
  collector: 'google-workspace-users',
  controls: ['IAM-02'],
  title: 'Active Google Workspace users are enrolled in 2-Step Verification',
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as GoogleWorkspaceUsersData).users),
  evaluate({ users }) {
    const active = users.filter((u) => u.suspended !== true && u.archived !== true);
    if (active.length === 0) return outcome.notApplicable('no active Google Workspace user');
    const failing = active
      .filter((u) => u.isEnrolledIn2Sv !== true)
      .map((u) => ({
        resource: u.primaryEmail,
        reason: u.isEnrolledIn2Sv === null ? '2SV enrollment not reported' : 'not enrolled in 2SV',
      }));
    return outcome.of(
      failing,
      `all ${active.length} active Google Workspace users are enrolled in 2SV`,
      `${failing.length} of ${active.length} active Google Workspace users are not enrolled in 2SV`,
    );
  },
});
