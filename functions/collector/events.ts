import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { RunResult } from '../../shared/kernel/runner.js';
import { DependencyError } from '../../shared/errors.js';
import type { EvidenceStoredEvent } from '../../shared/contracts/evidence-stored.js';

/** `source` of the EvidenceStored events (the mapper's rule matches it). */
export const EVIDENCE_EVENT_SOURCE = 'flux-evidence.collector';

/** The event detail the mapper parses (shared/contracts/evidence-stored.ts). */
function evidenceStoredDetail(r: RunResult): EvidenceStoredEvent['detail'] {
  return {
    sha256: r.sha256,
    key: r.key,
    collector: r.collector,
    scope: r.scope,
    observedAt: r.envelope.observedAt,
    collectedAt: r.envelope.collectedAt,
    ...(r.ledgerIndex !== undefined ? { ledgerIndex: r.ledgerIndex } : {}),
  };
}

/**
 * Publishes EvidenceStored for a stored or re-observed artifact (a re-observation refreshes the controls that
 * read it). A rejected entry throws, so the unit is retried; the retry finds the artifact unchanged and publishes again.
 */
export async function publishEvidenceStored(
  events: EventBridgeClient,
  busName: string,
  r: RunResult,
): Promise<void> {
  const out = await events.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: busName,
          Source: EVIDENCE_EVENT_SOURCE,
          DetailType: 'EvidenceStored',
          Detail: JSON.stringify(evidenceStoredDetail(r)),
        },
      ],
    }),
  );
  if (out.FailedEntryCount) {
    const code = out.Entries?.[0]?.ErrorCode ?? 'unknown';
    throw new DependencyError(
      'EventBridge PutEvents',
      `EvidenceStored for ${r.sha256} was rejected (${code})`,
    );
  }
}
