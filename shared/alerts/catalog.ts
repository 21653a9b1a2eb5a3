import type { Control, Framework, FrameworkId } from '../../frameworks/index.js';
import { requirementsForControl } from '../../frameworks/index.js';

/** A framework requirement a control is credited to. */
export interface AffectedRequirement {
  readonly framework: FrameworkId;
  readonly id: string;
  readonly title: string;
}

/** What an alert says about a control. */
export interface ControlInfo {
  readonly id: string;
  readonly title?: string;
  readonly frequency?: string;
  readonly requirements: readonly AffectedRequirement[];
}

/** Looks controls up by id for alert messages. */
export interface ControlCatalog {
  /** The control's title and requirements; an unknown id yields just the id (an alert is never dropped). */
  describe(controlId: string): ControlInfo;
}

/**
 * A catalog over the common control set and the framework catalogs (`loadControls()`, `loadFrameworks()`),
 * limited to the frameworks in scope when `frameworks` is a subset.
 */
export function createControlCatalog(
  controls: readonly Control[],
  frameworks: readonly Framework[],
): ControlCatalog {
  const cache = new Map<string, ControlInfo>();
  const inScope = new Set(frameworks.map((f) => f.id));
  return {
    describe(controlId) {
      let info = cache.get(controlId);
      if (!info) {
        const control = controls.find((c) => c.id === controlId);
        info = control
          ? {
              id: control.id,
              title: control.title,
              frequency: control.frequency,
              requirements: requirementsForControl(frameworks, {
                ...control,
                mappings: control.mappings.filter((m) => inScope.has(m.framework)),
              }).map((m) => ({ framework: m.framework, id: m.requirement.id, title: m.requirement.title })),
            }
          : { id: controlId, requirements: [] };
        cache.set(controlId, info);
      }
      return info;
    },
  };
}
