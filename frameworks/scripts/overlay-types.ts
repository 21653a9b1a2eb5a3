import type { Automation, CollectorId, FrameworkId, Frequency } from '../schema.js';

/**
 * What this project adds to a row of common-controls.tsv: how the control is evidenced here. The
 * automation level reflects the collectors this platform has, not what some API could offer.
 */
export interface ControlOverlay {
  title?: string;
  description: string;
  automation: Automation;
  collectors: CollectorId[];
  frequency: Frequency;
  /** Replaces the TSV's `manual_evidence`; required wording for manual and partial controls. */
  manualEvidence?: string;
}

/** A control that is not in common-controls.tsv, with its own mappings. */
export interface NewControl extends ControlOverlay {
  id: string;
  title: string;
  /** Control ids in the reference this one was split from (for the README). */
  splitFrom: string[];
  mappings: Partial<Record<FrameworkId, Array<string | [string, 'subset' | 'superset' | 'equal', string]>>>;
}
