import { createHash } from 'node:crypto';
import type { ControlWindowReport } from '../window/evaluate.js';
import type { RequirementRollup } from '../window/rollup.js';

/**
 * The OSCAL version the documents declare. compliance-trestle 5.2 (the independent reader CI uses) accepts
 * 1.2.0 and 1.2.1 only; every 1.2.1 document is also valid against the later 1.2.x patch schemas.
 */
export const OSCAL_VERSION = '1.2.1';

/** Namespace of the project's own OSCAL props. */
export const OSCAL_NS = 'urn:flux-evidence';

/** One evidence artifact inside the snapshot. */
interface OscalEvidence {
  /** Path inside the snapshot zip (`evidence/...`). */
  readonly path: string;
  readonly sha256: string;
}

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
  /** The artifacts each common control's results were judged from. */
  readonly evidenceOf: (controlId: string) => readonly OscalEvidence[];
  /** How a control's evidence was collected (collector ids, or "manual"), for the observation. */
  readonly collectedBy: (controlId: string) => readonly string[];
  /** Path of the mapping document inside the snapshot, linked from each finding. */
  readonly mappingHref?: string;
}

type Prop = { name: string; ns: string; value: string };
const prop = (name: string, value: string): Prop => ({ name, ns: OSCAL_NS, value });

/**
 * An OSCAL token (NCName) for a framework requirement id: the id itself when it is one (`A.5.15`, `CC6.1`),
 * otherwise `req-` followed by the id with characters outside the token alphabet replaced by `-` (ISO clause
 * `4.1` → `req-4.1`). The exact id always travels in the target's `requirement-id` prop.
 */
export function oscalToken(id: string): string {
  if (/^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u.test(id)) return id;
  return `req-${id.replace(/[^\p{L}\p{N}._-]/gu, '-')}`;
}

/**
 * NIST OSCAL 1.2.1 assessment results for one snapshot: one result for the window; one observation per common
 * control naming its evidence (path and SHA-256 in the snapshot, through back-matter resources) and how it was
 * collected; one finding per framework requirement, targeting the requirement id and relating the common
 * controls' observations (the crosswalk itself is in the snapshot's OSCAL mapping document). UUIDs are derived
 * from the content, so the same snapshot input gives the same document.
 */
export function oscalAssessmentResults(input: OscalInput): Buffer {
  const uuid = (...parts: string[]) =>
    uuidFrom([input.framework, input.start, input.end, input.createdAt, ...parts].join('\u0000'));
  const resources = new Map<string, { uuid: string; e: OscalEvidence }>();
  const resourceOf = (e: OscalEvidence) => {
    let r = resources.get(e.sha256);
    if (!r) resources.set(e.sha256, (r = { uuid: uuid('evidence', e.sha256), e }));
    return r;
  };
  const observed = new Set(input.reports.map((r) => r.controlId));
  const observations = input.reports.map((r) => {
    const evidence = input.evidenceOf(r.controlId).map((e) => {
      const res = resourceOf(e);
      return {
        href: `#${res.uuid}`,
        description: `Evidence artifact ${e.path} (SHA-256 ${e.sha256})`,
        props: [prop('path', e.path), prop('sha256', e.sha256)],
      };
    });
    const by = input.collectedBy(r.controlId);
    return {
      uuid: uuid('observation', r.controlId),
      title: `Common control ${r.controlId} over the window`,
      description:
        `${r.periods.length} ${r.frequency} periods: ${r.counts.PASS} pass, ${r.counts.FAIL} fail, ` +
        `${r.counts.UNKNOWN} unknown, ${r.counts.MISSING} missing. Verdict: ${r.verdict.replace(/_/g, ' ')}` +
        (r.verdictReason ? ` (${r.verdictReason}).` : '.') +
        (evidence.length ? '' : ' No evidence artifact was judged for this control in the window.'),
      props: [
        prop('common-control', r.controlId),
        prop('verdict', r.verdict),
        prop('coverage', r.coverage.toFixed(4)),
        prop('pass-rate', r.passRate.toFixed(4)),
        ...(by.length ? by : ['none']).map((c) => prop('collection-method', c)),
      ],
      methods: ['TEST'],
      types: ['control-objective'],
      collected: input.createdAt,
      // OSCAL requires at least one item when the array is present: leave it out rather than empty.
      ...(evidence.length ? { 'relevant-evidence': evidence } : {}),
    };
  });
  const findings = input.requirements.map((q) => {
    const related = q.controls.filter((c) => observed.has(c.controlId));
    const satisfied = q.status === 'effective';
    return {
      uuid: uuid('finding', q.requirementId),
      title: `${input.framework} ${q.requirementId}: ${q.status.replace(/_/g, ' ')}`,
      description: q.controls.length
        ? `Requirement ${q.requirementId} rolled up from common controls ` +
          q.controls.map((c) => `${c.controlId} (${c.verdict.replace(/_/g, ' ')})`).join(', ') +
          '.'
        : `Requirement ${q.requirementId} has no automated common control: it is judged from manual evidence only.`,
      // OSCAL requires at least one prop when `props` is present: a manual-only requirement has none.
      ...(q.controls.length ? { props: q.controls.map((c) => prop('common-control', c.controlId)) } : {}),
      ...(input.mappingHref ? { links: [{ href: input.mappingHref, rel: 'related' }] } : {}),
      target: {
        type: 'objective-id',
        'target-id': oscalToken(q.requirementId),
        props: [prop('requirement-id', q.requirementId), prop('framework', input.framework)],
        status: {
          state: satisfied ? 'satisfied' : 'not-satisfied',
          reason: satisfied ? 'pass' : q.status === 'not_effective' ? 'fail' : 'other',
        },
      },
      ...(related.length
        ? {
            'related-observations': related.map((c) => ({
              'observation-uuid': uuid('observation', c.controlId),
            })),
          }
        : {}),
    };
  });
  const reviewed = input.requirements.length
    ? input.requirements.map((q) => ({ 'control-id': oscalToken(q.requirementId) }))
    : undefined;
  const doc = {
    'assessment-results': {
      uuid: uuid('document'),
      metadata: {
        title: input.title,
        'last-modified': input.createdAt,
        version: input.toolVersion,
        'oscal-version': OSCAL_VERSION,
        props: [prop('framework', input.framework)],
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
            'control-selections': [reviewed ? { 'include-controls': reviewed } : { 'include-all': {} }],
          },
          ...(observations.length ? { observations } : {}),
          ...(findings.length ? { findings } : {}),
        },
      ],
      ...(resources.size
        ? {
            'back-matter': {
              resources: [...resources.values()].map(({ uuid: u, e }) => ({
                uuid: u,
                title: e.path,
                rlinks: [{ href: e.path, hashes: [{ algorithm: 'SHA-256', value: e.sha256 }] }],
              })),
            },
          }
        : {}),
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
