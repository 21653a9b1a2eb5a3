import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntegrityError, NotFoundError, ValidationError, formatIssues } from '../shared/errors.js';
import {
  ControlSetSchema,
  FRAMEWORK_IDS,
  FrameworkSchema,
  type Control,
  type ControlSet,
  type Framework,
  type FrameworkId,
  type Relation,
  type Requirement,
} from './schema.js';

export * from './schema.js';
export {
  coverageReport,
  requirementStatus,
  type CoverageReport,
  type CoverageStatus,
  type RequirementCoverage,
} from './coverage.js';
export { findIntegrityProblems } from './integrity.js';
export {
  CROSSWALK_TARGETS,
  crosswalkReport,
  derivedPairs,
  loadRationales,
  loadReferences,
  scoreAgainst,
  type CrosswalkReference,
} from './crosswalk.js';

/** The directory holding the committed JSON files (this module's own directory). */
export const FRAMEWORKS_DIR = fileURLToPath(new URL('.', import.meta.url));

function readJson(dir: string, file: string): unknown {
  try {
    return JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new NotFoundError('framework data file', join(dir, file), { cause: err });
    throw new ValidationError(file, [`not readable JSON: ${(err as Error).message}`], { cause: err });
  }
}

/** Validates a framework catalog; throws ValidationError listing every problem. */
export function parseFramework(raw: unknown, what = 'framework catalog'): Framework {
  const r = FrameworkSchema.safeParse(raw);
  if (!r.success) throw new ValidationError(what, formatIssues(r.error.issues));
  return r.data;
}

/** Validates the common control set; throws ValidationError listing every problem. */
export function parseControlSet(raw: unknown, what = 'controls.json'): ControlSet {
  const r = ControlSetSchema.safeParse(raw);
  if (!r.success) throw new ValidationError(what, formatIssues(r.error.issues));
  return r.data;
}

/** Reads and validates `<dir>/<id>.json`, checking that the file holds the framework it is named after. */
export function getFramework(id: FrameworkId, dir: string = FRAMEWORKS_DIR): Framework {
  const f = parseFramework(readJson(dir, `${id}.json`), `${id}.json`);
  if (f.id !== id) throw new ValidationError(`${id}.json`, [`id: file holds framework ${f.id}`]);
  return f;
}

/** All four framework catalogs, in FRAMEWORK_IDS order. */
export function loadFrameworks(dir: string = FRAMEWORKS_DIR): Framework[] {
  return FRAMEWORK_IDS.map((id) => getFramework(id, dir));
}

/** The common control set from `<dir>/controls.json`. */
export function loadControls(dir: string = FRAMEWORKS_DIR): Control[] {
  return parseControlSet(readJson(dir, 'controls.json')).controls;
}

/** Controls mapped to one framework requirement (any relation), in control-set order. */
export function controlsForRequirement(
  controls: readonly Control[],
  framework: FrameworkId,
  requirementId: string,
): Control[] {
  return controls.filter((c) =>
    c.mappings.some((m) => m.framework === framework && m.requirement === requirementId),
  );
}

export interface ResolvedMapping {
  framework: FrameworkId;
  requirement: Requirement;
  relation: Relation;
}

/** The requirements a control maps to, resolved against the catalogs; a dangling mapping throws. */
export function requirementsForControl(
  frameworks: readonly Framework[],
  control: Control,
): ResolvedMapping[] {
  return control.mappings.map((m) => {
    const requirement = frameworks
      .find((f) => f.id === m.framework)
      ?.requirements.find((r) => r.id === m.requirement);
    if (!requirement) {
      throw new IntegrityError(
        'mapping',
        `control ${control.id} maps to unknown ${m.framework} requirement ${m.requirement}`,
        {
          control: control.id,
          framework: m.framework,
          requirement: m.requirement,
        },
      );
    }
    return { framework: m.framework, requirement, relation: m.relation };
  });
}
