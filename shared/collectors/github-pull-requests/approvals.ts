/** The parts of a pull-request review that decide approval. */
export interface ReviewLike {
  readonly user: { readonly login: string } | null;
  readonly state: string;
  readonly submitted_at?: string | null;
  /** The head commit the review was submitted on. */
  readonly commit_id?: string | null;
}

/**
 * Approvers at merge time: for each reviewer, the latest review submitted at or before `mergedAt`, ignoring
 * COMMENTED and PENDING (a comment does not withdraw an approval; CHANGES_REQUESTED and DISMISSED do, as on
 * GitHub). When the PR's last head commit is known, an approval counts only if it was given on that commit: an
 * approval of an earlier commit did not review what was merged (`staleApprovers`). `approvedByOther` is true when
 * an approver is not the author.
 */
export function approvalsAtMerge(
  reviews: readonly ReviewLike[],
  mergedAt: string,
  author: string | null,
  headSha?: string,
): { approvers: string[]; staleApprovers: string[]; approvedByOther: boolean } {
  const cutoff = Date.parse(mergedAt);
  const latest = new Map<string, { state: string; at: number; commit: string | null | undefined }>();
  for (const r of reviews) {
    if (!r.user || !r.submitted_at || r.state === 'COMMENTED' || r.state === 'PENDING') continue;
    const at = Date.parse(r.submitted_at);
    if (at > cutoff) continue;
    const prev = latest.get(r.user.login);
    if (!prev || at >= prev.at) latest.set(r.user.login, { state: r.state, at, commit: r.commit_id });
  }
  const approved = [...latest].filter(([, v]) => v.state === 'APPROVED');
  const onHead = ([, v]: (typeof approved)[number]) => headSha === undefined || v.commit === headSha;
  const approvers = approved
    .filter(onHead)
    .map(([login]) => login)
    .sort();
  const staleApprovers = approved
    .filter((a) => !onHead(a))
    .map(([login]) => login)
    .sort();
  return { approvers, staleApprovers, approvedByOther: approvers.some((login) => login !== author) };
}
