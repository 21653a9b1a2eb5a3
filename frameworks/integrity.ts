import { COLLECTOR_IDS, AREA_OF_PREFIX, FRAMEWORK_IDS, type Control, type Framework } from './schema.js';

function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false))))];
}

function catalogProblems(f: Framework): string[] {
  const problems: string[] = [];
  const at = (id: string, what: string) => problems.push(`${f.id} ${id}: ${what}`);
  const groups = new Set(f.groups.map((g) => g.id));
  const ids = new Set(f.requirements.map((r) => r.id));
  for (const d of duplicates(f.groups.map((g) => g.id))) at(d, 'duplicate group id');
  for (const d of duplicates(f.requirements.map((r) => r.id))) at(d, 'duplicate requirement id');
  for (const g of f.groups)
    if (g.parent && !groups.has(g.parent)) at(g.id, `group parent ${g.parent} does not exist`);
  for (const r of f.requirements) {
    if (!groups.has(r.group)) at(r.id, `group ${r.group} does not exist`);
    if (r.parent !== undefined && (r.parent === r.id || !ids.has(r.parent)))
      at(r.id, `parent ${r.parent} does not exist`);
    for (const rel of r.related ?? []) if (!ids.has(rel)) at(r.id, `related ${rel} does not exist`);
    if (!r.assessable && !r.note) at(r.id, 'not assessable but has no note saying why');
  }
  return problems;
}

/**
 * Every way the catalogs and the control set can disagree: duplicate ids, dangling references
 * (groups, parents, mappings, collectors), orphan controls, and assessable requirements that are
 * neither mapped to a control nor marked manual. Returns one line per problem; empty means sound.
 */
export function findIntegrityProblems(
  frameworks: readonly Framework[],
  controls: readonly Control[],
): string[] {
  const problems: string[] = [];
  const fwIds = frameworks.map((f) => f.id);
  for (const id of FRAMEWORK_IDS) if (!fwIds.includes(id)) problems.push(`framework ${id} is missing`);
  for (const d of duplicates(fwIds)) problems.push(`framework ${d} appears twice`);
  for (const f of frameworks) problems.push(...catalogProblems(f));

  const byFw = new Map(frameworks.map((f) => [f.id, new Map(f.requirements.map((r) => [r.id, r]))]));
  const mapped = new Set<string>();
  for (const d of duplicates(controls.map((c) => c.id))) problems.push(`control ${d} appears twice`);
  for (const c of controls) {
    if (AREA_OF_PREFIX[c.id.split('-')[0]!] !== c.area)
      problems.push(`control ${c.id}: area ${c.area} does not match its prefix`);
    if (c.mappings.length === 0) problems.push(`control ${c.id}: maps to no requirement (orphan)`);
    for (const col of c.collectors) {
      if (!(COLLECTOR_IDS as readonly string[]).includes(col))
        problems.push(`control ${c.id}: unknown collector ${col}`);
    }
    for (const m of c.mappings) {
      const req = byFw.get(m.framework)?.get(m.requirement);
      if (!req) problems.push(`control ${c.id}: mapping to ${m.framework} ${m.requirement} does not resolve`);
      else if (!req.assessable)
        problems.push(`control ${c.id}: maps to non-assessable ${m.framework} ${m.requirement}`);
      mapped.add(`${m.framework}:${m.requirement}`);
    }
  }
  for (const f of frameworks) {
    for (const r of f.requirements) {
      if (r.assessable && !r.manualEvidence && !mapped.has(`${f.id}:${r.id}`)) {
        problems.push(`${f.id} ${r.id}: not mapped to any control and not marked manual`);
      }
    }
  }
  return problems;
}
