import type { z } from 'zod';
import type { FrameworkId, FrameworkSchema, Group, RequirementSchema, Source } from '../schema.js';
import { ADDED_REQUIREMENTS, MANUAL_MARKERS, NOT_ASSESSABLE, TITLE_FIXES } from './corrections.js';
import { list, readTsv, slug, type Row } from './tsv.js';

type FrameworkInput = z.input<typeof FrameworkSchema>;
type RequirementInput = z.input<typeof RequirementSchema>;

/** A requirement-to-control link as the requirement files state it (column `common_controls`). */
export interface Link {
  framework: FrameworkId;
  requirement: string;
  control: string;
}

export interface BuiltCatalog {
  framework: FrameworkInput;
  links: Link[];
}

const CISO = 'GitHub intuitem/ciso-assistant-community @ f990d7b1b9a9f56e391acbc247c9076262a11412';

/** Parent = the longest dotted prefix of `id` that is itself a requirement. */
function parentOf(id: string, ids: ReadonlySet<string>): string | undefined {
  const parts = id.split('.');
  for (let n = parts.length - 1; n > 0; n--) {
    const candidate = parts.slice(0, n).join('.');
    if (ids.has(candidate)) return candidate;
  }
  return undefined;
}

/** Applies the corrections that concern one requirement and drops undefined fields. */
function finish(framework: FrameworkId, r: RequirementInput): RequirementInput {
  const key = `${framework}:${r.id}`;
  const out: RequirementInput = { ...r, title: TITLE_FIXES[key] ?? r.title };
  if (NOT_ASSESSABLE[key]) Object.assign(out, { assessable: false, note: NOT_ASSESSABLE[key] });
  if (MANUAL_MARKERS[key]) out.manualEvidence = MANUAL_MARKERS[key];
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as RequirementInput;
}

function linksOf(framework: FrameworkId, rows: readonly Row[]): Link[] {
  return rows.flatMap((r) =>
    list(r.common_controls).map((control) => ({ framework, requirement: r.id!, control })),
  );
}

function withAdded(framework: FrameworkId, reqs: RequirementInput[]): RequirementInput[] {
  const out = [...reqs];
  for (const a of ADDED_REQUIREMENTS.filter((x) => x.framework === framework)) {
    const at = out.findIndex((r) => r.id === a.before);
    out.splice(at < 0 ? out.length : at, 0, { id: a.id, title: a.title, group: a.group, ref: a.ref });
  }
  return out;
}

function catalog(
  meta: Omit<FrameworkInput, 'requirements' | 'catalogVersion'>,
  reqs: RequirementInput[],
): FrameworkInput {
  const ids = new Set(reqs.map((r) => r.id));
  const requirements = reqs.map((r) => finish(meta.id, { ...r, parent: r.parent ?? parentOf(r.id, ids) }));
  const { id, name, version, ...rest } = meta;
  return { id, name, version, catalogVersion: '1.0.0', ...rest, requirements };
}

/** ISO/IEC 27001:2022 clauses 4-10 and Annex A. */
export function buildIso(dir: string): BuiltCatalog {
  const clauses = readTsv(dir, 'iso27001-2022-clauses.tsv', ['id', 'level', 'title', 'common_controls']);
  const annex = readTsv(dir, 'iso27001-2022-annex-a.tsv', [
    'id',
    'theme',
    'title',
    'new_in_2022',
    'common_controls',
  ]);
  const themes = [...new Set(annex.map((r) => r.theme!))];
  const groups: Group[] = [
    { id: 'clauses', title: 'Clauses 4-10: ISMS requirements' },
    ...themes.map((t) => ({ id: slug(t), title: `Annex A: ${t} controls` })),
  ];
  const reqs: RequirementInput[] = [
    ...clauses.map((r) => ({ id: r.id!, title: r.title!, group: 'clauses' })),
    ...annex.map((r) => ({
      id: r.id!,
      title: r.title!,
      group: slug(r.theme!),
      ...(r.new_in_2022 === 'yes' ? { tags: ['new-in-2022'] } : {}),
    })),
  ];
  const sources: Source[] = [
    {
      name: 'ISO/IEC 27001:2022',
      detail: 'Clause and Annex A identifiers and short titles only',
      licence: '© ISO/IEC; the standard is sold by ISO and is not reproduced',
    },
    {
      name: 'CISO Assistant library iso27001-2022 (v18)',
      detail: `${CISO}, backend/library/libraries/iso27001-2022.yaml`,
      licence: 'AGPL-3.0 repository; only ids and short titles used',
    },
  ];
  return {
    framework: catalog(
      {
        id: 'iso27001-2022',
        name: 'ISO/IEC 27001:2022',
        version: '2022 (incl. Amd 1:2024, no id changes)',
        sources,
        notes: [
          'Annex A: 93 controls = 37 organizational + 8 people + 14 physical + 34 technological; 11 are new in 2022 (tag new-in-2022).',
        ],
        groups,
      },
      reqs,
    ),
    links: [...linksOf('iso27001-2022', clauses), ...linksOf('iso27001-2022', annex)],
  };
}

/** SOC 2 Trust Services Criteria (2017, points of focus revised 2022). */
export function buildSoc2(dir: string): BuiltCatalog {
  const rows = readTsv(dir, 'soc2-tsc.tsv', ['id', 'category', 'series', 'short_title', 'common_controls']);
  const groups: Group[] = [];
  for (const r of rows) {
    const category = slug(r.category!);
    if (!groups.some((g) => g.id === category)) groups.push({ id: category, title: r.category! });
    const [series, ...rest] = r.series!.split(' ');
    if (!groups.some((g) => g.id === series))
      groups.push({ id: series!, title: rest.join(' '), parent: category });
  }
  const reqs = rows.map((r) => ({ id: r.id!, title: r.short_title!, group: r.series!.split(' ')[0]! }));
  const sources: Source[] = [
    {
      name: 'AICPA 2017 Trust Services Criteria (revised points of focus, 2022)',
      detail: 'Criterion identifiers only; short titles are paraphrases written for this project',
      licence: '© AICPA; criteria text is not reproduced',
    },
    {
      name: 'CISO Assistant library soc2_2017_with_rev_2022 (v2)',
      detail: CISO,
      licence: 'AGPL-3.0 repository; only ids and categories used',
    },
  ];
  const notes = [
    'Criteria as in the 2017 TSC; the 2022 revision changed points of focus only, not criterion ids.',
    'Categories: Security (common criteria CC1-CC9), Availability, Confidentiality, Processing Integrity, Privacy.',
  ];
  return {
    framework: catalog(
      {
        id: 'soc2-2017',
        name: 'SOC 2 Trust Services Criteria',
        version: '2017 (points of focus revised 2022)',
        sources,
        notes,
        groups,
      },
      reqs,
    ),
    links: linksOf('soc2-2017', rows),
  };
}

/** NIS2 Arts. 20, 21 and 23, and the Annex of Implementing Regulation (EU) 2024/2690. */
export function buildNis2(dir: string): BuiltCatalog {
  const rows = readTsv(dir, 'nis2-art21.tsv', [
    'id',
    'reference',
    'short_title',
    'art21_2_points',
    'common_controls',
  ]);
  const groups: Group[] = [
    { id: 'art-20', title: 'Art. 20 Governance' },
    { id: 'art-21', title: 'Art. 21 Cybersecurity risk-management measures' },
    { id: 'art-23', title: 'Art. 23 Reporting obligations' },
    { id: 'ir-2024-2690', title: 'Implementing Regulation (EU) 2024/2690, Annex' },
  ];
  const groupOf = (id: string) =>
    id.startsWith('IR-') ? 'ir-2024-2690' : `art-${id.split('-')[1]!.split('.')[0]}`;
  const reqs = withAdded(
    'nis2',
    rows.map((r) => {
      const related = list(r.art21_2_points).map((p) => `NIS2-${p}`);
      return {
        id: r.id!,
        title: r.short_title!,
        group: groupOf(r.id!),
        ref: r.reference!,
        ...(related.length ? { related } : {}),
      };
    }),
  );
  const sources: Source[] = [
    {
      name: 'Directive (EU) 2022/2555 (NIS2)',
      detail: 'Articles 20, 21 and 23; titles are paraphrases',
      licence: 'EU law; EUR-Lex reuse under Commission Decision 2011/833/EU',
    },
    {
      name: 'Commission Implementing Regulation (EU) 2024/2690, Annex',
      detail: `Sections and points via CISO Assistant library (v12), ${CISO}`,
      licence: 'EU law; ENISA technical implementation guidance',
    },
    {
      name: 'ENISA mapping of IR 2024/2690 to ISO/IEC 27001:2022',
      detail: 'Used for the NIS2-to-ISO side of the control mappings',
      licence: '© ENISA 2025, CC BY 4.0 (attribution required)',
    },
  ];
  const notes = [
    'IR 2024/2690 binds only the digital-infrastructure and ICT-service entity types it lists; for other entities its points are guidance for Art. 21(2).',
    'IR points carry the Art. 21(2) points they implement in `related`.',
    'National transpositions may add requirements.',
  ];
  return {
    framework: catalog(
      {
        id: 'nis2',
        name: 'NIS2 Directive and Implementing Regulation (EU) 2024/2690',
        version: 'Directive (EU) 2022/2555; IR (EU) 2024/2690',
        sources,
        notes,
        groups,
      },
      reqs,
    ),
    links: linksOf('nis2', rows),
  };
}

/** "GDPR-5.1.a" -> "Art. 5(1)(a)". */
function gdprRef(id: string): string {
  const [article, ...rest] = id.replace(/^GDPR-/, '').split('.');
  return `Art. ${article}${rest.map((p) => `(${p})`).join('')}`;
}

/** GDPR security and accountability articles. */
export function buildGdpr(dir: string): BuiltCatalog {
  const rows = readTsv(dir, 'gdpr-articles.tsv', [
    'id',
    'article',
    'theme',
    'short_title',
    'common_controls',
  ]);
  const groups: Group[] = [];
  for (const r of rows)
    if (!groups.some((g) => g.id === slug(r.theme!))) groups.push({ id: slug(r.theme!), title: r.theme! });
  const reqs = rows.map((r) => ({
    id: r.id!,
    title: r.short_title!,
    group: slug(r.theme!),
    ref: gdprRef(r.id!),
  }));
  const sources: Source[] = [
    {
      name: 'Regulation (EU) 2016/679 (GDPR)',
      detail: 'Article and paragraph ids; titles are official headings or paraphrases',
      licence: 'EU law; EUR-Lex reuse under Commission Decision 2011/833/EU',
    },
    { name: 'CISO Assistant library gdpr (v2)', detail: CISO, licence: 'AGPL-3.0 repository; only ids used' },
  ];
  const notes = [
    'Selection limited to security and accountability; supervisory-authority and Board articles are omitted.',
  ];
  return {
    framework: catalog(
      {
        id: 'gdpr',
        name: 'General Data Protection Regulation',
        version: 'Regulation (EU) 2016/679',
        sources,
        notes,
        groups,
      },
      reqs,
    ),
    links: linksOf('gdpr', rows),
  };
}
