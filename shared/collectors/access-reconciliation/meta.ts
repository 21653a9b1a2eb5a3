import type { CollectorMeta } from '../../kernel/types.js';

/**
 * Derived: reads no source API. It joins the latest artifacts of the identity collectors (Okta, Entra ID, Google
 * Workspace, IAM Identity Center, the IAM credential report, GitHub org members), which the caller loads from the
 * evidence store and passes in `extras.identitySources` with their hashes. Scope `{ tenant: 'all' }`: one
 * reconciliation across every identity source of the deployment.
 */
export const meta: CollectorMeta = {
  id: 'access-reconciliation',
  version: '1.0.0',
  title: 'Access reconciliation: leavers still active elsewhere, unowned accounts, deprovisioning latency',
  source: 'derived',
  scope: 'tenant',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  // Reads stored evidence only (the evidence bucket and the ledger's content index).
  permissions: ['s3:GetObject', 'dynamodb:GetItem', 'dynamodb:Query'],
};
