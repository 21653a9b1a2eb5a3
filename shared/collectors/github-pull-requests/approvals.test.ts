import { describe, expect, it } from '@jest/globals';
import { approvalsAtMerge } from './approvals.js';

const review = (login: string, state: string, at: string) => ({
  user: { login },
  state,
  submitted_at: `2026-01-01T${at}:00Z`,
});
const merged = '2026-01-01T12:00:00Z';

describe('approvalsAtMerge', () => {
  it('counts an approval by another reviewer before the merge', () => {
    expect(approvalsAtMerge([review('bob', 'APPROVED', '11:00')], merged, 'alice')).toEqual({
      approvers: ['bob'],
      staleApprovers: [],
      approvedByOther: true,
    });
  });

  it('does not count a self-approval as approved by another', () => {
    expect(approvalsAtMerge([review('alice', 'APPROVED', '11:00')], merged, 'alice')).toEqual({
      approvers: ['alice'],
      staleApprovers: [],
      approvedByOther: false,
    });
  });

  it('ignores reviews after the merge and keeps an approval through later comments', () => {
    const reviews = [
      review('bob', 'APPROVED', '10:00'),
      review('bob', 'COMMENTED', '11:00'),
      review('carol', 'APPROVED', '13:00'),
    ];
    expect(approvalsAtMerge(reviews, merged, 'alice')).toEqual({
      approvers: ['bob'],
      staleApprovers: [],
      approvedByOther: true,
    });
  });

  it('withdraws an approval followed by changes requested or dismissed', () => {
    const reviews = [
      review('bob', 'APPROVED', '09:00'),
      review('bob', 'CHANGES_REQUESTED', '10:00'),
      review('carol', 'DISMISSED', '10:30'),
    ];
    expect(approvalsAtMerge(reviews, merged, 'alice')).toEqual({
      approvers: [],
      staleApprovers: [],
      approvedByOther: false,
    });
  });

  it('skips reviews of deleted users and pending reviews', () => {
    const reviews = [
      { user: null, state: 'APPROVED', submitted_at: '2026-01-01T09:00:00Z' },
      { user: { login: 'bob' }, state: 'PENDING', submitted_at: null },
    ];
    expect(approvalsAtMerge(reviews, merged, 'alice')).toEqual({
      approvers: [],
      staleApprovers: [],
      approvedByOther: false,
    });
  });

  it('counts only approvals given on the last head commit; earlier ones are stale', () => {
    const reviews = [
      { ...review('bob', 'APPROVED', '10:00'), commit_id: 'old' },
      { ...review('carol', 'APPROVED', '11:00'), commit_id: 'head' },
    ];
    expect(approvalsAtMerge(reviews, merged, 'alice', 'head')).toEqual({
      approvers: ['carol'],
      staleApprovers: ['bob'],
      approvedByOther: true,
    });
    expect(approvalsAtMerge(reviews.slice(0, 1), merged, 'alice', 'head')).toEqual({
      approvers: [],
      staleApprovers: ['bob'],
      approvedByOther: false,
    });
  });
});
