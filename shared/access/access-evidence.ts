import { DependencyError } from '../errors.js';
import type { Scope } from '../evidence/envelope.js';
import type { AwsConnection } from '../sources/aws/clients.js';
import { runCollector, type RunResult } from '../kernel/runner.js';
import { collector } from '../collectors/snapshot-access-log/collector.js';
import type { Issuance } from '../collectors/snapshot-access-log/schema.js';
import type { LogAppender } from '../ledger/append-request.js';
import type { EvidenceStore } from '../store/types.js';

/** Where access evidence goes: the evidence store and ledger, under the deployment's scope. */
export interface AccessEvidenceDeps {
  readonly store: EvidenceStore;
  /** The sequencer's append path (a queue in the deployed API, the ledger itself in the CLI). */
  readonly appender: LogAppender;
  /** Scope of the snapshot bucket, e.g. `{ account, region }`. */
  readonly scope: Scope;
  /** AWS connection for the collector's own reads (the access-log bucket); unused when recording an issuance. */
  readonly connection: AwsConnection;
  /** Identity recorded in provenance (the issuing role's ARN). */
  readonly identity?: string;
  readonly now: () => Date;
}

/**
 * Records one URL issuance as evidence: a `snapshot-access-log` envelope through the collector runner, so it is
 * validated by the collector's schema, stored create-only and appended to the ledger like any other artifact.
 */
export async function recordIssuance(issuance: Issuance, deps: AccessEvidenceDeps): Promise<RunResult> {
  const run = await runCollector(collector, deps.scope, {
    store: deps.store,
    ledger: deps.appender,
    connection: deps.connection,
    now: deps.now,
    extras: { snapshotAccess: { issuances: [issuance] } },
    identity: deps.identity ?? 'snapshot-api',
  });
  // The runner keeps a failed collection as an artifact with errors; an issuance must be recorded whole or not handed out.
  if (run.envelope.errors.length > 0) {
    throw new DependencyError('snapshot-access-log', run.envelope.errors.map((e) => e.message).join('; '));
  }
  return run;
}
