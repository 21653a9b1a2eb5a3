import type { AwsConnection } from '../sources/aws/clients.js';
import type { ContentIndex } from '../kernel/content-index.js';
import { collector } from '../collectors/prowler-ocsf-findings/collector.js';
import { runCollector, type RunResult } from '../kernel/runner.js';
import type { LogAppender } from '../ledger/append-request.js';
import type { EvidenceStore } from '../store/types.js';
import { readProwlerScan } from './prowler-ocsf.js';

/** Where a scheduled Prowler run writes its OCSF output in a deployment's drop bucket (infra/constructs/prowler-drop.ts). */
export const PROWLER_DROP_PREFIX = 'ingest/prowler/';

export interface IngestProwlerDeps {
  readonly store: EvidenceStore;
  /** The log, or (deployed) the append queue in front of the sequencer. */
  readonly ledger: LogAppender;
  readonly index?: ContentIndex;
  readonly now: () => Date;
  /** The configuration's AWS accounts: a scan of any other account is refused. */
  readonly accounts: readonly string[];
  /** Provenance notes recorded on the artifact (the demo's re-dating of a recorded scan). */
  readonly notes?: readonly string[];
}

/**
 * Ingests one Prowler OCSF file: reads and validates all of it first (streamed), then stores it as one artifact of
 * `prowler-ocsf-findings` for the scan's account, logged like any collection (create-only, in the signed log), with
 * the scan's origin (Prowler version, scan start and end) in the data and the scan start as observedAt. A file that
 * fails validation throws ValidationError and nothing is stored.
 */
export async function ingestProwler(
  chunks: AsyncIterable<Buffer | string>,
  deps: IngestProwlerDeps,
  what = 'Prowler OCSF file',
): Promise<RunResult> {
  const scan = await readProwlerScan(chunks, {
    accounts: deps.accounts,
    now: deps.now(),
    maxAgeHours: collector.meta.ttlHours,
    what,
  });
  const connection: AwsConnection = {};
  return runCollector(
    collector,
    { account: scan.account, region: 'global' },
    {
      store: deps.store,
      ledger: deps.ledger,
      ...(deps.index ? { index: deps.index } : {}),
      connection,
      now: deps.now,
      extras: { prowlerScan: scan },
      identity: `prowler ${scan.version}`,
      ...(deps.notes ? { notes: deps.notes } : {}),
    },
  );
}
