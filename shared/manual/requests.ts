import { controlsForRequirement, type Control, type Framework } from '../../frameworks/index.js';
import { requirementManualState, type ManualState, type ManualView } from './state.js';

/** One line of the PBC ("provided by client") list: what an auditor will ask for, and where it stands. */
export interface EvidenceRequest {
  readonly requirement: string;
  readonly title: string;
  /** The catalogs' evidence hints: the requirement's own, then its non-automated controls'. */
  readonly needed: readonly string[];
  readonly controls: readonly string[];
  readonly state: ManualState;
  readonly validUntil?: string;
  /** Documents added but awaiting approval. */
  readonly pending: number;
}

/**
 * The manual evidence a framework needs, per assessable requirement that is not fully automated, with its manual
 * state at `at`. `outstanding` keeps only what is still to provide (missing, expired, or expiring soon).
 */
export function evidenceRequests(
  framework: Framework,
  controls: readonly Control[],
  view: ManualView,
  at: Date,
  options: { expiringDays: number; outstanding: boolean },
): EvidenceRequest[] {
  const out: EvidenceRequest[] = [];
  for (const r of framework.requirements.filter((x) => x.assessable)) {
    const mapped = controlsForRequirement(controls, framework.id, r.id);
    const manualControls = mapped.filter((c) => c.automation !== 'automated');
    const needed = [
      ...(r.manualEvidence ? [r.manualEvidence] : []),
      ...manualControls.map((c) => `${c.id}: ${c.manualEvidence ?? c.title}`),
    ];
    if (needed.length === 0) continue;
    const key = `${framework.id}:${r.id}`;
    const v = requirementManualState(
      view,
      key,
      { ownHint: r.manualEvidence !== undefined, manualControls: manualControls.map((c) => c.id) },
      at,
      options.expiringDays,
    );
    if (options.outstanding && v.state === 'current') continue;
    out.push({
      requirement: key,
      title: r.title,
      needed,
      controls: manualControls.map((c) => c.id),
      state: v.state,
      ...(v.document?.statement.validUntil ? { validUntil: v.document.statement.validUntil } : {}),
      pending: v.pending,
    });
  }
  return out;
}

function csvCell(raw: string): string {
  const s = /^[=+\-@]/.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The list as RFC 4180 CSV (header row, CRLF); a cell a spreadsheet would run as a formula gets a leading `'`. */
export function requestsCsv(rows: readonly EvidenceRequest[]): string {
  const head = [
    'requirement',
    'title',
    'evidence needed',
    'controls',
    'state',
    'valid until',
    'pending approval',
  ];
  const lines = rows.map((r) =>
    [
      r.requirement,
      r.title,
      r.needed.join('; '),
      r.controls.join(' '),
      r.state,
      r.validUntil ?? '',
      String(r.pending),
    ]
      .map(csvCell)
      .join(','),
  );
  return [head.join(','), ...lines].join('\r\n') + '\r\n';
}
