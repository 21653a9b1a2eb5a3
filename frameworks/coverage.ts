import type { Control, Framework, FrameworkId } from './schema.js';

/** How far a requirement's evidence is automated, judged from the controls mapped to it. */
export type CoverageStatus = 'automated' | 'partial' | 'manual' | 'not-covered';

export interface RequirementCoverage {
  requirement: string;
  status: CoverageStatus;
  controls: string[];
}

export interface CoverageReport {
  framework: FrameworkId;
  /** Assessable requirements; headings and context-only provisions are counted in `notAssessable`. */
  total: number;
  automated: number;
  partial: number;
  manual: number;
  notCovered: number;
  notAssessable: number;
  requirements: RequirementCoverage[];
}

/**
 * `automated` when every mapped control is automated and the requirement carries no manual marker;
 * `manual` when every mapped control is manual, or none is mapped but a manual marker names the
 * evidence; `not-covered` when neither; otherwise `partial`. A manual marker never lets a requirement
 * count as automated: it says API evidence alone cannot satisfy it.
 */
export function requirementStatus(
  levels: ReadonlyArray<Control['automation']>,
  markedManual: boolean,
): CoverageStatus {
  if (levels.length === 0) return markedManual ? 'manual' : 'not-covered';
  if (levels.every((l) => l === 'manual')) return 'manual';
  if (levels.every((l) => l === 'automated')) return markedManual ? 'partial' : 'automated';
  return 'partial';
}

/** Coverage of one framework by a control set. */
export function coverageReport(framework: Framework, controls: readonly Control[]): CoverageReport {
  const byReq = new Map<string, Control[]>();
  for (const c of controls) {
    for (const m of c.mappings.filter((x) => x.framework === framework.id)) {
      byReq.set(m.requirement, [...(byReq.get(m.requirement) ?? []), c]);
    }
  }
  const assessable = framework.requirements.filter((r) => r.assessable);
  const requirements = assessable.map((r) => {
    const mapped = byReq.get(r.id) ?? [];
    return {
      requirement: r.id,
      status: requirementStatus(
        mapped.map((c) => c.automation),
        r.manualEvidence !== undefined,
      ),
      controls: mapped.map((c) => c.id),
    };
  });
  const count = (s: CoverageStatus) => requirements.filter((r) => r.status === s).length;
  return {
    framework: framework.id,
    total: assessable.length,
    automated: count('automated'),
    partial: count('partial'),
    manual: count('manual'),
    notCovered: count('not-covered'),
    notAssessable: framework.requirements.length - assessable.length,
    requirements,
  };
}
