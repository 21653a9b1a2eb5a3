import { DependencyError } from '../../errors.js';
import type { ProwlerScan } from '../../ingest/prowler-ocsf.js';
import { defineCollector } from '../../kernel/types.js';
import { meta } from './meta.js';
import { schema } from './schema.js';

/**
 * Stores the Prowler scan the ingest validated (`ctx.extras.prowlerScan`) for the scan's account, observed at the
 * scan's start. It reads no API: without a scan it fails, so nothing is stored for a run that had no input.
 */
export const collector = defineCollector<ProwlerScan, { readonly prowlerScan: ProwlerScan }>({
  meta,
  schema,
  collect(ctx) {
    const scan = ctx.extras.prowlerScan;
    if (!scan)
      throw new DependencyError(
        'prowler-ocsf-findings',
        'no scan given: run `flux-evidence ingest prowler <file>`',
      );
    if (scan.account !== ctx.scope.account)
      throw new DependencyError(
        'prowler-ocsf-findings',
        `scan of account ${scan.account} given for ${ctx.scope.account}`,
      );
    return Promise.resolve({ data: scan, observedAt: scan.scanStartedAt });
  },
});
