import type { CollectorMeta } from '../../kernel/types.js';

/**
 * Ingested, not scheduled: `flux-evidence ingest prowler <output.ocsf.json>` reads a Prowler scan (validated first,
 * refused whole when bad) and stores it as one artifact per scan and account. Scope `{ account, region: 'global' }`;
 * the artifact's observedAt is the scan's start. A weekly scan stays fresh for 8 days.
 */
export const meta: CollectorMeta = {
  id: 'prowler-ocsf-findings',
  version: '1.0.0',
  title:
    'Prowler scan findings (OCSF Detection Finding), ingested with their origin: tool, version, scan time',
  source: 'derived',
  scope: 'global',
  schedule: 'rate(7 days)',
  ttlHours: 192,
  // Reads the scan file it is handed; in a deployment, the Prowler drop prefix of the evidence bucket.
  permissions: ['s3:GetObject'],
  ingest: true,
};
