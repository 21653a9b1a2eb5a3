import { loadControls, loadFrameworks, type Control, type Framework } from '../../frameworks/index.js';
import { getCollector } from '../collectors/registry.js';
import type { FluxConfig } from '../config/schema.js';
import type { TtlLookup } from '../mapping/types.js';
import { rules } from '../rules/registry.js';
import type { Rule } from '../rules/types.js';

/** The control set, framework catalogs, rules and TTLs every evaluating command reads (loaded once). */
export interface Catalog {
  readonly controls: readonly Control[];
  readonly frameworks: readonly Framework[];
  readonly rules: readonly Rule[];
  readonly ttlHoursOf: TtlLookup;
}

let cached: Catalog | undefined;

/** Loads the catalog (validated framework data, registered rules, collector TTLs). */
export function loadCatalog(): Catalog {
  cached ??= {
    controls: loadControls(),
    frameworks: loadFrameworks(),
    rules: [...new Map(rules.map((r) => [r.id, r])).values()],
    ttlHoursOf: (id) => getCollector(id)?.meta.ttlHours,
  };
  return cached;
}

/** The frameworks in scope: the configured ones, or the one asked for. */
export function frameworksInScope(catalog: Catalog, config: FluxConfig, only?: string): Framework[] {
  const ids: readonly string[] = only ? [only] : config.frameworks;
  return catalog.frameworks.filter((f) => ids.includes(f.id));
}
