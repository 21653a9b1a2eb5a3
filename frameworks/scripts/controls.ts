import type { z } from 'zod';
import { ValidationError } from '../../shared/errors.js';
import {
  AREA_OF_PREFIX,
  FRAMEWORK_IDS,
  type ControlSchema,
  type FrameworkId,
  type Mapping,
} from '../schema.js';
import type { Link } from './catalogs.js';
import { ADDED_LINKS, NOT_ASSESSABLE, RELATION_OVERRIDES, REQUIREMENT_ID_FIXES } from './corrections.js';
import { NARROWED, type Narrowing } from './overlay-narrowed.js';
import { NEW_CONTROLS } from './overlay-new.js';
import { ORGANISATIONAL_OVERLAY } from './overlay-organisational.js';
import { SPLIT_CONTROLS } from './overlay-split.js';
import { TECHNICAL_OVERLAY } from './overlay-technical.js';
import type { ControlOverlay } from './overlay-types.js';
import { list, readTsv } from './tsv.js';

type ControlInput = z.input<typeof ControlSchema>;

/**
 * 1.1.0: mappings to headings dropped, broad controls narrowed (overlay-narrowed.ts), nine rule-less controls made
 * manual. Results carry this as `mappingVersion`, so results judged under 1.0.0 mappings stay distinguishable.
 */
const CONTROL_VERSION = '1.1.0';

/** common-controls.tsv column -> framework, and how its ids become catalog ids. */
const COLUMNS: ReadonlyArray<[string, FrameworkId, (id: string) => string]> = [
  ['iso27001_2022', 'iso27001-2022', (id) => id],
  ['soc2_tsc', 'soc2-2017', (id) => id],
  ['nis2', 'nis2', (id) => (id.startsWith('IR') ? `IR-${id.slice(2)}` : `NIS2-${id}`)],
  ['gdpr', 'gdpr', (id) => `GDPR-${id}`],
];

const OVERLAY: Readonly<Record<string, ControlOverlay>> = { ...TECHNICAL_OVERLAY, ...ORGANISATIONAL_OVERLAY };

function relationFor(
  control: string,
  framework: FrameworkId,
  requirement: string,
): Pick<Mapping, 'relation' | 'rationale'> {
  const o = RELATION_OVERRIDES.find(
    (r) => r.control === control && r.framework === framework && r.requirements.includes(requirement),
  );
  return o ? { relation: o.relation, rationale: o.rationale } : { relation: 'intersect' };
}

/** Which `<framework>:<requirement>` keys each part of a Narrowing replaces. */
const PARTS: ReadonlyArray<[keyof Narrowing, FrameworkId, (requirement: string) => boolean]> = [
  ['iso', 'iso27001-2022', () => true],
  ['soc2', 'soc2-2017', () => true],
  ['ir', 'nis2', (r) => r.startsWith('IR-')],
  ['nis2', 'nis2', (r) => !r.startsWith('IR-')],
  ['gdpr', 'gdpr', () => true],
];

/** Replaces the parts a Narrowing lists (overlay-narrowed.ts); the other parts keep the reference's keys. */
function narrow(keys: Set<string>, n: Narrowing | undefined): Set<string> {
  if (!n) return keys;
  let out = [...keys];
  for (const [part, framework, inPart] of PARTS) {
    const replacement = n[part];
    if (!replacement) continue;
    out = out.filter((k) => {
      const [fw, req] = k.split(/:(.*)/s) as [string, string];
      return fw !== framework || !inPart(req);
    });
    out.push(...replacement.map((r) => `${framework}:${r}`));
  }
  return new Set(out);
}

/** Orders mappings by framework (catalog order) then by the requirement's position in its catalog. */
function sortMappings(mappings: Mapping[], order: ReadonlyMap<string, number>): Mapping[] {
  const pos = (m: Mapping) => order.get(`${m.framework}:${m.requirement}`) ?? Number.MAX_SAFE_INTEGER;
  return mappings.sort(
    (a, b) => FRAMEWORK_IDS.indexOf(a.framework) - FRAMEWORK_IDS.indexOf(b.framework) || pos(a) - pos(b),
  );
}

function base(
  id: string,
  title: string,
  overlay: ControlOverlay,
  tsvManual: string | undefined,
): Omit<ControlInput, 'mappings'> {
  const area = AREA_OF_PREFIX[id.split('-')[0]!];
  if (!area) throw new ValidationError('control overlay', [`${id}: unknown area prefix`]);
  const manualEvidence =
    overlay.automation === 'automated' ? undefined : (overlay.manualEvidence ?? tsvManual);
  return {
    id,
    title: overlay.title ?? title,
    description: overlay.description,
    area,
    automation: overlay.automation,
    collectors: overlay.collectors,
    frequency: overlay.frequency,
    ...(manualEvidence ? { manualEvidence } : {}),
    version: CONTROL_VERSION,
  };
}

/**
 * Builds the common control set: rows of common-controls.tsv plus this project's overlay, with
 * mappings = the union of the control file's columns and the requirement files' `common_controls`,
 * after the corrections; then the controls split out in overlay-new.ts.
 * `order` gives each `<framework>:<requirement>` its catalog position, for a stable output order.
 */
export function buildControls(
  dir: string,
  links: readonly Link[],
  order: ReadonlyMap<string, number>,
): ControlInput[] {
  const rows = readTsv(dir, 'common-controls.tsv', [
    'id',
    'common_control',
    'manual_evidence',
    ...COLUMNS.map((c) => c[0]),
  ]);
  const missing = rows.filter((r) => !OVERLAY[r.id!]).map((r) => `${r.id}: no overlay entry`);
  const extra = Object.keys(OVERLAY)
    .filter((id) => !rows.some((r) => r.id === id))
    .map((id) => `${id}: overlay entry for unknown control`);
  if (missing.length + extra.length > 0) throw new ValidationError('control overlay', [...missing, ...extra]);

  const allLinks = [...links, ...ADDED_LINKS];
  const controls = rows.map((r) => {
    const id = r.id!;
    const keys = new Set<string>();
    for (const [column, framework, toId] of COLUMNS) {
      for (const raw of list(r[column])) {
        const key = `${framework}:${toId(raw)}`;
        keys.add(REQUIREMENT_ID_FIXES[key] ? `${framework}:${REQUIREMENT_ID_FIXES[key]}` : key);
      }
    }
    for (const l of allLinks.filter((x) => x.control === id)) keys.add(`${l.framework}:${l.requirement}`);
    // Headings and definitions are not assessable: credit goes to the points under them, never to the heading.
    const mappings = [...narrow(keys, NARROWED[id])]
      .filter((key) => !NOT_ASSESSABLE[key])
      .map((key) => {
        const [framework, requirement] = key.split(/:(.*)/s) as [FrameworkId, string];
        return { framework, requirement, ...relationFor(id, framework, requirement) };
      });
    const tsvManual = r.manual_evidence && r.manual_evidence !== '-' ? r.manual_evidence : undefined;
    return {
      ...base(id, r.common_control!, OVERLAY[id]!, tsvManual),
      mappings: sortMappings(mappings, order),
    };
  });

  const unknown = Object.keys(NARROWED).filter((id) => !OVERLAY[id]);
  if (unknown.length > 0)
    throw new ValidationError(
      'narrowed mappings',
      unknown.map((id) => `${id}: not a reference control`),
    );
  const added = [...NEW_CONTROLS, ...SPLIT_CONTROLS].map((n) => {
    const mappings: Mapping[] = Object.entries(n.mappings).flatMap(([framework, reqs]) =>
      (reqs ?? [])
        .filter((entry) => !NOT_ASSESSABLE[`${framework}:${typeof entry === 'string' ? entry : entry[0]}`])
        .map((entry) =>
          typeof entry === 'string'
            ? { framework: framework as FrameworkId, requirement: entry, relation: 'intersect' as const }
            : {
                framework: framework as FrameworkId,
                requirement: entry[0],
                relation: entry[1],
                rationale: entry[2],
              },
        ),
    );
    return { ...base(n.id, n.title, n, undefined), mappings: sortMappings(mappings, order) };
  });
  // Reference order of areas (GOV, RSK, AST, IAM, ...), new controls after their area's siblings.
  const prefixes = [...new Set(rows.map((r) => r.id!.split('-')[0]!))];
  const rank = (id: string) => prefixes.indexOf(id.split('-')[0]!);
  return [...controls, ...added].sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}
