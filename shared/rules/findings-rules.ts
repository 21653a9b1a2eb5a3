import type { Rule } from './types.js';
import { rule as prowlerCheckFindingsPassed } from './prowler-check-findings-passed.js';
import { rule as securityhubControlFindingsPassed } from './securityhub-control-findings-passed.js';

/** Rules that judge controls from other tools' findings (Security Hub, Prowler), through the maps in frameworks/findings/. */
export const findingsRules: readonly Rule[] = [
  prowlerCheckFindingsPassed,
  securityhubControlFindingsPassed,
] as readonly Rule[];
