import { loadControls } from '../../frameworks/index.js';
import { prowlerCheckMap } from '../../frameworks/findings/index.js';
import type { ProwlerScan } from '../ingest/prowler-ocsf.js';
import { defineRule, outcome } from './types.js';

const CONTROL = 'CFG-01';

/**
 * The Prowler checks that Prowler's own compliance files map to a requirement this control maps to (ISO/IEC
 * 27001:2022, SOC 2; frameworks/findings/prowler-checks.json), by check id, with the requirements that tie them.
 */
export function prowlerChecksFor(controlId: string): Map<string, string[]> {
  const control = loadControls().find((c) => c.id === controlId);
  const wanted = new Set((control?.mappings ?? []).map((m) => `${m.framework}:${m.requirement}`));
  const out = new Map<string, string[]>();
  for (const [check, byFramework] of Object.entries(prowlerCheckMap().checks)) {
    const ties = Object.entries(byFramework).flatMap(([f, ids]) =>
      ids.filter((id) => wanted.has(`${f}:${id}`)).map((id) => `${f} ${id}`),
    );
    if (ties.length) out.set(check, ties);
  }
  return out;
}

let mapped: Map<string, string[]> | undefined;

/**
 * The ingested Prowler scan's checks for the control's requirements all passed. A check counts only if the scan
 * shows it ran (a PASS or FAIL finding): a scan with none of them is NOT_APPLICABLE, never PASS. Muted FAIL findings
 * still fail (an accepted risk belongs in an exception, not in a mute).
 */
export const rule = defineRule<ProwlerScan>({
  id: 'prowler-check-findings-passed',
  version: '1.0.0',
  collector: 'prowler-ocsf-findings',
  controls: [CONTROL],
  title: "Prowler checks mapped (by Prowler's compliance files) to the control's requirements passed",
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as ProwlerScan).checks),
  evaluate(scan) {
    mapped ??= prowlerChecksFor(CONTROL);
    const origin = `Prowler ${scan.version} scan of ${scan.scanStartedAt}`;
    const ran = scan.checks.filter((c) => mapped!.has(c.checkId) && c.passed.length + c.failed.length > 0);
    if (ran.length === 0) return outcome.notApplicable(`${origin}: no mapped Prowler check ran`);
    const failing = ran.flatMap((c) =>
      c.failed.map((f) => ({
        resource: f.resource,
        reason: `${c.checkId}${f.muted ? ' (muted in Prowler)' : ''}: ${mapped!.get(c.checkId)!.join(', ')}`,
      })),
    );
    return outcome.of(
      failing,
      `${origin}: ${ran.length} mapped checks ran and passed`,
      `${origin}: ${failing.length} findings of mapped checks FAIL`,
    );
  },
});
