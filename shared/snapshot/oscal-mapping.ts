import type { Control, Framework, Relation } from '../../frameworks/schema.js';
import { OSCAL_NS, OSCAL_VERSION, oscalToken, uuidFrom } from './oscal.js';

/** OSCAL 1.2 map relationships for "control <relation> requirement". */
const RELATIONSHIP: Readonly<Record<Relation, string>> = {
  equal: 'equivalent-to',
  subset: 'subset-of',
  superset: 'superset-of',
  intersect: 'intersects-with',
};

export interface OscalMappingInput {
  readonly createdAt: string;
  readonly toolVersion: string;
  /** Version of the common control set (controls.json). */
  readonly controlSetVersion: string;
  readonly controls: readonly Control[];
  readonly frameworks: readonly Framework[];
}

/**
 * The common control set's crosswalk as an OSCAL 1.2 mapping collection: one mapping per framework (source: the
 * common control set, target: the framework's catalog), one map per control-to-requirement pair with the typed
 * relation ("control subset-of requirement"). Requirement ids go through {@link oscalToken}; the exact id is in
 * each target's `requirement-id` prop. Framework requirements no control maps to are listed as target gaps.
 */
export function oscalMappingCollection(input: OscalMappingInput): Buffer {
  const uuid = (...parts: string[]) =>
    uuidFrom(['mapping', input.controlSetVersion, input.toolVersion, ...parts].join('\u0000'));
  const mappings = input.frameworks.map((f) => {
    const maps = input.controls.flatMap((c) =>
      c.mappings
        .filter((m) => m.framework === f.id)
        .map((m) => ({
          uuid: uuid(f.id, c.id, m.requirement),
          relationship: RELATIONSHIP[m.relation],
          sources: [{ type: 'control', 'id-ref': c.id }],
          targets: [
            {
              type: 'control',
              'id-ref': oscalToken(m.requirement),
              props: [{ name: 'requirement-id', ns: OSCAL_NS, value: m.requirement }],
            },
          ],
          ...(m.rationale ? { remarks: m.rationale } : {}),
        })),
    );
    const mapped = new Set(maps.map((m) => m.targets[0]!['id-ref']));
    const gaps = f.requirements.map((q) => oscalToken(q.id)).filter((id) => !mapped.has(id));
    return {
      uuid: uuid(f.id),
      'source-resource': {
        type: 'catalog',
        href: `urn:flux-evidence:controls:${input.controlSetVersion}`,
      },
      'target-resource': { type: 'catalog', href: `urn:flux-evidence:framework:${f.id}:${f.catalogVersion}` },
      props: [{ name: 'framework', ns: OSCAL_NS, value: f.id }],
      remarks: `${f.name} (${f.version}). Sources: ${f.sources.map((s) => s.name).join('; ')}.`,
      maps,
      ...(gaps.length
        ? {
            'target-gap-summary': {
              uuid: uuid(f.id, 'gaps'),
              'unmapped-controls': [{ 'with-ids': gaps }],
            },
          }
        : {}),
    };
  });
  const doc = {
    'mapping-collection': {
      uuid: uuid('collection'),
      metadata: {
        title: 'Flux Evidence common control set: crosswalk to each framework',
        'last-modified': input.createdAt,
        version: input.controlSetVersion,
        'oscal-version': OSCAL_VERSION,
      },
      provenance: {
        method: 'human',
        'matching-rationale': 'semantic',
        status: 'complete',
        'mapping-description':
          'Each common control is mapped by hand to the framework requirements it addresses, with a typed ' +
          'relation read as "control <relationship> requirement".',
      },
      mappings,
    },
  };
  return Buffer.from(JSON.stringify(doc, null, 2) + '\n', 'utf8');
}
