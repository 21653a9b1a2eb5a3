/** The parts of a pull-request review that decide approval. */
export interface ReviewLike {
  readonly user: { readonly login: string } | null;
  readonly state: string;
  readonly submitted_at?: string | null;
}

/**
 * Approvers at merge time: for each reviewer, the latest review submitted at or before `mergedAt`, ignoring
 * COMMENTED and PENDING (a comment does not withdraw an approval; CHANGES_REQUESTED and DISMISSED do, as on
 * GitHub). `approvedByOther` is true when an approver is not the author.
 */
export function approvalsAtMerge(
  reviews: readonly ReviewLike[],
  mergedAt: string,
  author: string | null,
): { approvers: string[]; approvedByOther: boolean } {
  const cutoff = Date.parse(mergedAt);
  const latest = new Map<string, { state: string; at: number }>();
  for (const r of reviews) {
    if (!r.user || !r.submitted_at || r.state === 'COMMENTED' || r.state === 'PENDING') continue;
    const at = Date.parse(r.submitted_at);
    if (at > cutoff) continue;
    const prev = latest.get(r.user.login);
    if (!prev || at >= prev.at) latest.set(r.user.login, { state: r.state, at });
  }
  const approvers = [...latest]
    .filter(([, v]) => v.state === 'APPROVED')
    .map(([login]) => login)
    .sort();
  return { approvers, approvedByOther: approvers.some((login) => login !== author) };
}
