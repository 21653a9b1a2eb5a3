import { ConfigError } from '../errors.js';

/** A requirement the configuration declares out of scope, with the reason an auditor reads. */
export interface ScopeExclusion {
  readonly framework: string;
  readonly requirement: string;
  readonly reason: string;
}

/** The slice of a framework catalog that decides whether a requirement may be declared out of scope. */
interface CatalogSlice {
  readonly id: string;
  readonly groups: readonly { readonly id: string; readonly parent?: string | undefined }[];
  readonly requirements: readonly { readonly id: string; readonly group: string }[];
}

/**
 * Whether the framework itself lets an organisation declare the requirement out of scope: ISO/IEC 27001 Annex A
 * controls (excluded with a justification in the Statement of Applicability, clause 6.1.3 d) and the SOC 2
 * categories other than Security (the common criteria are always in scope). Management-system clauses, NIS2 and
 * GDPR obligations cannot be excluded.
 */
export function mayBeOutOfScope(framework: CatalogSlice, requirementId: string): boolean {
  const req = framework.requirements.find((r) => r.id === requirementId);
  if (!req) return false;
  if (framework.id.startsWith('iso27001')) return requirementId.startsWith('A.');
  if (framework.id.startsWith('soc2')) {
    let group = framework.groups.find((g) => g.id === req.group);
    while (group?.parent) group = framework.groups.find((g) => g.id === group!.parent);
    return group !== undefined && group.id !== 'security';
  }
  return false;
}

/**
 * The configured exclusions of one framework, by requirement id. Throws ConfigError listing every exclusion the
 * catalog does not allow or that names no requirement: an exclusion is never silently ignored.
 */
export function exclusionsFor(
  framework: CatalogSlice,
  exclusions: readonly ScopeExclusion[],
): ReadonlyMap<string, string> {
  const mine = exclusions.filter((e) => e.framework === framework.id);
  const bad = mine
    .filter((e) => !mayBeOutOfScope(framework, e.requirement))
    .map((e) =>
      framework.requirements.some((r) => r.id === e.requirement)
        ? `exclusions: ${e.framework} ${e.requirement} cannot be declared out of scope (the framework does not allow it)`
        : `exclusions: ${e.framework} has no requirement ${e.requirement}`,
    );
  if (bad.length) throw new ConfigError(bad);
  return new Map(mine.map((e) => [e.requirement, e.reason]));
}
