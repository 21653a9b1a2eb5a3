import { createHash } from 'node:crypto';
import type { ControlWindowReport } from '../window/evaluate.js';
import type { RequirementRollup } from '../window/rollup.js';

/** What the OSCAL export reads. */
export interface OscalInput {
  readonly title: string;
  readonly framework: string;
  readonly createdAt: string;
  readonly toolVersion: string;
  /** Window instants, ISO-8601. */
  readonly start: string;
  readonly end: string;
  readonly reports: readonly ControlWindowReport[];
  readonly requirements: readonly RequirementRollup[];
  /** Evidence paths per control, for observations' relevant-evidence links. */
  readonly evidenceOf: (controlId: string) => readonly string[];
}

const NS = 'urn:flux-evidence';

/**
 * A minimal NIST OSCAL 1.1.2 assessment-results document: one result for the window, one observation and one finding
 * per control (target type objective-id, state satisfied only when the control was effective). UUIDs are derived from
 * the content, so the same snapshot input gives the same document.
 */
export function oscalAssessmentResults(input: OscalInput): Buffer {
  const uuid = (...parts: string[]) =>
    uuidFrom([input.framework, input.start, input.end, input.createdAt, ...parts].join('\u0000'));
  const observations = input.reports.map((r) => ({
    uuid: uuid('observation', r.controlId),
    title: `Automated evidence for ${r.controlId}`,
    description: `${r.periods.length} ${r.frequency} periods: ${r.counts.PASS} pass, ${r.counts.FAIL} fail, ${r.counts.UNKNOWN} unknown, ${r.counts.MISSING} missing.`,
    methods: ['TEST'],
    types: ['control-objective'],
    collected: input.createdAt,
    'relevant-evidence': input
      .evidenceOf(r.controlId)
      .slice(0, 1000)
      .map((href) => ({ href, description: 'Evidence artifact' })),
  }));
  const findings = input.reports.map((r) => {
    const reqs = input.requirements
      .filter((q) => q.controls.some((c) => c.controlId === r.controlId))
      .map((q) => q.requirementId);
    return {
      uuid: uuid('finding', r.controlId),
      title: `${r.controlId}: ${r.verdict.replace(/_/g, ' ')}`,
      description: r.verdictReason || r.verdict,
      props: [
        { name: 'verdict', ns: NS, value: r.verdict },
        { name: 'coverage', ns: NS, value: r.coverage.toFixed(4) },
        { name: 'pass-rate', ns: NS, value: r.passRate.toFixed(4) },
        ...reqs.map((q) => ({ name: 'requirement', ns: NS, value: q })),
      ],
      target: {
        type: 'objective-id',
        'target-id': r.controlId,
        status: { state: r.verdict === 'effective' ? 'satisfied' : 'not-satisfied' },
      },
      'related-observations': [{ 'observation-uuid': uuid('observation', r.controlId) }],
    };
  });
  const doc = {
    'assessment-results': {
      uuid: uuid('document'),
      metadata: {
        title: input.title,
        'last-modified': input.createdAt,
        version: input.toolVersion,
        'oscal-version': '1.1.2',
      },
      'import-ap': { href: '#assessment-plan-not-published' },
      results: [
        {
          uuid: uuid('result'),
          title: `${input.framework} Type II window ${input.start} to ${input.end}`,
          description: 'Operating effectiveness of automated controls over the review window.',
          start: input.start,
          end: input.end,
          'reviewed-controls': {
            'control-selections': [
              { 'include-controls': input.reports.map((r) => ({ 'control-id': r.controlId })) },
            ],
          },
          ...(observations.length ? { observations } : {}),
          ...(findings.length ? { findings } : {}),
        },
      ],
    },
  };
  return Buffer.from(JSON.stringify(doc, null, 2) + '\n', 'utf8');
}

/** A version-4-shaped UUID from a SHA-256 of `seed`. */
export function uuidFrom(seed: string): string {
  const b = createHash('sha256').update(seed).digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
