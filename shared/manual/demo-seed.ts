import { addDocument, approveEvidence, type ManualDeps } from './add.js';
import type { Appended } from './log.js';
import type { StatementOf } from '../ledger/leaf.js';

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The documents the demo company keeps: the non-automated controls they serve, their title, who owns them. */
const DOCUMENTS = [
  {
    controls: ['RSK-01'],
    title: 'Annual risk assessment 2026',
    owner: 'Dana Whitfield (CISO)',
    file: 'risk-assessment-2026.pdf',
  },
  {
    controls: ['BCK-02'],
    title: 'Backup restore test report Q1',
    owner: 'Sam Okafor (SRE lead)',
    file: 'restore-test-q1.pdf',
  },
  {
    controls: ['BCP-01'],
    title: 'Business continuity plan v4',
    owner: 'Dana Whitfield (CISO)',
    file: 'bcp-v4.pdf',
  },
  {
    controls: ['INC-02'],
    title: 'Incident response plan v3',
    owner: 'Sam Okafor (SRE lead)',
    file: 'incident-response-plan-v3.pdf',
  },
  {
    controls: ['PHY-01'],
    title: 'Cloud provider SOC 2 report review',
    owner: 'Lee Park (Compliance)',
    file: 'aws-soc2-review.xlsx',
  },
  {
    controls: ['IAM-07'],
    title: 'Quarterly access review Q1',
    owner: 'Lee Park (Compliance)',
    file: 'access-review-q1.csv',
  },
  {
    controls: ['RES-01'],
    title: 'Capacity and resilience plan 2026',
    owner: 'Sam Okafor (SRE lead)',
    file: 'capacity-plan-2026.pdf',
  },
  {
    controls: ['HR-01'],
    title: 'Code of conduct acknowledgements',
    owner: 'Ana Silva (People)',
    file: 'code-of-conduct-acks.xlsx',
  },
  {
    controls: ['GOV-02'],
    title: 'Board oversight charter and minutes',
    owner: 'Dana Whitfield (CISO)',
    file: 'board-oversight.pdf',
  },
  {
    controls: ['SUP-01'],
    title: 'Supplier security reviews 2026',
    owner: 'Lee Park (Compliance)',
    file: 'supplier-reviews-2026.csv',
  },
] as const;

/** The one document that expires inside the window (its alert fires when the window's clock passes the date). */
const EXPIRING = {
  controls: ['VUL-01'],
  title: 'External penetration test report',
  owner: 'Dana Whitfield (CISO)',
  file: 'pentest-report.pdf',
} as const;

export interface ManualDemoSeed {
  readonly documents: readonly Appended<StatementOf<'manual'>>[];
  /** The document whose `validUntil` falls inside the window. */
  readonly expiring: Appended<StatementOf<'manual'>>;
}

/**
 * Seeds the demo's manual evidence: ten approved documents valid past the window (risk assessment, restore test,
 * continuity and incident plans, provider report review, access review, capacity plan, code of conduct, board
 * oversight, supplier reviews), and a penetration test report valid until two thirds into the window. Each is added
 * at `at` by its owner and approved an hour later by internal audit, so SOC 2 requirements whose automated controls pass become met through both halves (e.g. CC5.1 via
 * RSK-01, CC7.5 via BCK-02 + BCP-01 + INC-02), and the pentest report's expiry shows in status, window and alerts.
 * `window` is the review window (YYYY-MM-DD); `at` must be on or before its first day. The expiry alert comes from
 * `checkManualExpiry` (expiry.ts) run with the demo's clock: EVIDENCE_EXPIRING 30 days before, EVIDENCE_EXPIRED after.
 */
export async function seedManualDemo(
  deps: ManualDeps,
  options: { readonly at: Date; readonly window: { readonly start: string; readonly end: string } },
): Promise<ManualDemoSeed> {
  const start = Date.parse(`${options.window.start}T00:00:00Z`);
  const end = Date.parse(`${options.window.end}T00:00:00Z`);
  const added = { ...deps, clock: () => options.at };
  const approved = { ...deps, clock: () => new Date(options.at.getTime() + 3_600_000) };
  const add = async (
    d: { controls: readonly string[]; title: string; owner: string; file: string },
    validUntil: string,
  ) => {
    const doc = await addDocument(added, {
      requirements: [],
      controls: d.controls,
      title: d.title,
      owner: d.owner,
      validUntil,
      fileName: d.file,
      bytes: Buffer.from(`${d.title}\nOwner: ${d.owner}\nValid until: ${validUntil}\n(demo document)\n`),
    });
    await approveEvidence(approved, { id: doc.id, by: 'Robin Meyer (Internal audit)' });
    return doc;
  };
  const documents = [];
  for (const d of DOCUMENTS) documents.push(await add(d, day(end + 365 * DAY_MS)));
  const expiring = await add(EXPIRING, day(start + Math.round(((end - start) * 2) / 3 / DAY_MS) * DAY_MS));
  return { documents: [...documents, expiring], expiring };
}
