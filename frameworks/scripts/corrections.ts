import type { FrameworkId, Relation } from '../schema.js';

/**
 * Corrections and additions to the reference data in frameworks/sources/. Each one is listed, with its
 * reason, in frameworks/README.md ("Corrections to the reference"). Keys are `<framework>:<requirement>`.
 */

/** Requirement ids used in common-controls.tsv that do not exist in the requirement lists. */
export const REQUIREMENT_ID_FIXES: Readonly<Record<string, string>> = {
  'gdpr:GDPR-17.1': 'GDPR-17', // Art. 17 is listed as a whole in gdpr-articles.tsv
  'gdpr:GDPR-30.1.c': 'GDPR-30.1', // point (c) is not listed separately; 30.1 covers (a)-(g)
};

/** Short titles that misstate the source. */
export const TITLE_FIXES: Readonly<Record<string, string>> = {
  // Art. 20(2) obliges management-body members to train; employee training is only encouraged.
  'nis2:NIS2-20.2':
    'Management-body members follow cybersecurity training; entities encouraged to train employees',
};

/** Requirements added for structure (headings the reference leaves implicit). */
export const ADDED_REQUIREMENTS: ReadonlyArray<{
  framework: FrameworkId;
  id: string;
  title: string;
  group: string;
  ref: string;
  before: string;
}> = [
  {
    framework: 'nis2',
    id: 'NIS2-23.4',
    title: 'Staged reporting of significant incidents to the CSIRT or competent authority',
    group: 'art-23',
    ref: 'Art.23(4)',
    before: 'NIS2-23.4.a',
  },
];

const HEADING = 'Heading only; its sub-clauses carry the requirements.';
const CONTEXT_ONLY = 'Liability and fines: nothing to evidence; listed for context.';

/** Requirements that oblige nobody in scope or are headings: excluded from coverage. */
export const NOT_ASSESSABLE: Readonly<Record<string, string>> = {
  'iso27001-2022:4': HEADING,
  'iso27001-2022:5': HEADING,
  'iso27001-2022:6': HEADING,
  'iso27001-2022:7': HEADING,
  'iso27001-2022:8': HEADING,
  'iso27001-2022:9': HEADING,
  'iso27001-2022:10': HEADING,
  'iso27001-2022:6.1': HEADING,
  'iso27001-2022:7.5': HEADING,
  'iso27001-2022:9.2': HEADING,
  'iso27001-2022:9.3': HEADING,
  ...Object.fromEntries(
    Array.from({ length: 13 }, (_, i) => [
      `nis2:IR-${i + 1}`,
      'Section heading of the IR 2024/2690 Annex; its points carry the requirements.',
    ]),
  ),
  'nis2:NIS2-21.5':
    'Obligation on the Commission; the resulting requirements are the IR 2024/2690 points here.',
  'nis2:NIS2-23.4': 'Heading only; points (a)-(e) carry the requirements.',
  'gdpr:GDPR-4.12': 'Definition (personal data breach): obliges nothing; Arts. 33 and 34 use it.',
  ...Object.fromEntries(
    ['5', '24', '25', '30', '32', '33'].map((a) => [
      `gdpr:GDPR-${a}`,
      'Article heading: every paragraph of the article is listed and carries the requirements.',
    ]),
  ),
  'gdpr:GDPR-82': CONTEXT_ONLY,
  'gdpr:GDPR-83.4': CONTEXT_ONLY,
  'gdpr:GDPR-83.5': CONTEXT_ONLY,
};

const CERT = 'Approved certification or code-of-conduct adherence record, where the controller relies on one';

/** Requirements no collector can evidence (fully), with the manual evidence an auditor needs. */
export const MANUAL_MARKERS: Readonly<Record<string, string>> = {
  'soc2-2017:PI1.1': 'Documented processing objectives and system specifications communicated to users',
  'soc2-2017:PI1.2': 'Input validation rules and records of rejected or corrected inputs',
  'soc2-2017:PI1.3': 'Processing monitoring, exception and reconciliation reports',
  'soc2-2017:PI1.4': 'Output reconciliation and distribution records',
  'soc2-2017:PI1.5':
    'Records showing inputs, in-process items and outputs are stored completely and accurately',
  'gdpr:GDPR-24.3': CERT,
  'gdpr:GDPR-25.3': CERT,
  'gdpr:GDPR-32.3': CERT,
  'gdpr:GDPR-26':
    'Joint-controller arrangement and its published essence, where processing is jointly determined',
  'gdpr:GDPR-27':
    'Written designation of an EU representative (controllers or processors not established in the EU)',
  'gdpr:GDPR-30.5': 'Assessment supporting the under-250-employees exemption, if relied on',
  'gdpr:GDPR-47': 'Approved binding corporate rules, where used for transfers',
  // Moved out of broad controls (overlay-narrowed.ts) and evidenced on their own.
  'iso27001-2022:6.3':
    'Record of planned changes to the ISMS, with their purpose, resources and responsibilities',
  'iso27001-2022:7.1': 'ISMS resource plan or budget approved by management',
  'iso27001-2022:7.4':
    'Communication plan: what, when, with whom and by whom security topics are communicated',
  // Automated evidence covers only the technical part; the policy or review behind it is manual.
  'iso27001-2022:A.8.2':
    'Privileged-access allocation and review records (who holds administrator roles and why)',
  'iso27001-2022:A.8.3':
    'Access-restriction rules per information class beyond public exposure (topic-specific access policy)',
  'nis2:IR-9.1': 'Approved cryptography policy and procedures',
  'nis2:IR-9.3': 'Record of the periodic review of the cryptographic approach against the state of the art',
  'nis2:IR-11.3': 'Privileged-account management procedure and review records',
  'nis2:IR-11.4': 'Inventory of administration systems and how access to them is restricted',
  // The reference rates these "automated", but the mapped controls evidence only the technical part.
  'iso27001-2022:A.5.3': 'Segregation-of-duties matrix for conflicting organisational roles',
  'iso27001-2022:A.5.15':
    'Approved access-control policy (rules based on business and security requirements)',
  'iso27001-2022:A.8.7': 'Endpoint anti-malware (EDR) coverage and user-awareness records',
  'iso27001-2022:A.8.18': 'Inventory of privileged utility programs and who may run them',
  'iso27001-2022:A.8.32':
    'Change procedure and records for changes outside the repositories (console, emergency changes)',
  'nis2:IR-6.4': 'Change procedure covering repairs and maintenance, and records of emergency changes',
  'nis2:IR-6.9': 'Endpoint anti-malware (EDR) coverage',
  'nis2:IR-11.1': 'Approved access-control policy',
  'gdpr:GDPR-25.2':
    'Record of default settings limiting collection, processing extent, storage period and access',
  // The encryption evidence is automated, but the exemption also needs the breach-specific facts.
  'gdpr:GDPR-34.3':
    'Breach record showing the affected data was unintelligible (encrypted, keys not compromised)',
  'gdpr:GDPR-34.3.a':
    'Breach record showing the affected data was encrypted and the keys were not compromised',
};

/** Requirement-to-control links the reference lacks. */
export const ADDED_LINKS: ReadonlyArray<{ framework: FrameworkId; requirement: string; control: string }> = [
  // The all-hazards approach of Art. 21(2) is a property of the risk assessment.
  { framework: 'nis2', requirement: 'NIS2-21.2', control: 'RSK-01' },
];

/** Mappings whose relation is clearly narrower or wider than "intersect". */
export const RELATION_OVERRIDES: ReadonlyArray<{
  control: string;
  framework: FrameworkId;
  requirements: readonly string[];
  relation: Exclude<Relation, 'intersect'>;
  rationale: string;
}> = [
  {
    control: 'INC-03',
    framework: 'nis2',
    requirements: ['NIS2-23.4.a', 'NIS2-23.4.b', 'NIS2-23.4.c', 'NIS2-23.4.d', 'NIS2-23.4.e'],
    relation: 'superset',
    rationale: 'The notification control produces every staged report; each point is one of them.',
  },
  {
    control: 'INC-03',
    framework: 'gdpr',
    requirements: ['GDPR-33.2', 'GDPR-33.3', 'GDPR-33.4', 'GDPR-34.2'],
    relation: 'superset',
    rationale: 'Timing, content and phasing of notifications are part of the notification control.',
  },
  {
    control: 'SUP-01',
    framework: 'gdpr',
    requirements: [...['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((p) => `GDPR-28.3.${p}`), 'GDPR-28.4'],
    relation: 'superset',
    rationale: 'Supplier contracts are reviewed for every Art. 28(3) term and its flow-down.',
  },
  {
    control: 'PRV-01',
    framework: 'gdpr',
    requirements: ['GDPR-30.1', 'GDPR-30.1.f', 'GDPR-30.1.g', 'GDPR-30.2', 'GDPR-30.3', 'GDPR-30.4'],
    relation: 'superset',
    rationale: 'The records of processing activities contain each of these items.',
  },
  {
    control: 'PRV-02',
    framework: 'gdpr',
    requirements: ['GDPR-35.1', 'GDPR-35.2', 'GDPR-35.3', 'GDPR-35.7', 'GDPR-35.11', 'GDPR-36.1'],
    relation: 'superset',
    rationale: 'The DPIA control covers when, how and with whom a DPIA is done, and prior consultation.',
  },
  {
    control: 'PRV-03',
    framework: 'gdpr',
    requirements: ['GDPR-13', 'GDPR-14'],
    relation: 'superset',
    rationale: 'The information duties of Arts. 13 and 14 are met by the privacy notice.',
  },
  {
    control: 'GOV-01',
    framework: 'iso27001-2022',
    requirements: ['A.5.1'],
    relation: 'equal',
    rationale: 'Both are the policy set: defined, approved, published, communicated and reviewed.',
  },
  {
    control: 'RSK-01',
    framework: 'iso27001-2022',
    requirements: ['6.1.2', '6.1.3', '8.2', '8.3'],
    relation: 'superset',
    rationale: 'Risk assessment, treatment and the SoA are all inside the risk-management control.',
  },
  ...subsets('iso27001-2022', {
    'IAM-02': ['A.8.5'],
    'IAM-04': ['A.5.17'],
    'IAM-05': ['A.8.2'],
    'CRY-01': ['A.8.24'],
    'CRY-03': ['A.8.24'],
    'DAT-01': ['A.8.3'],
    'LOG-01': ['A.8.15'],
    'BCK-01': ['A.8.13'],
    'CHG-01': ['A.8.32'],
    'AST-01': ['A.5.9'],
  }),
  ...subsets('soc2-2017', { 'CHG-01': ['CC8.1'] }),
];

function subsets(framework: FrameworkId, byControl: Record<string, string[]>) {
  return Object.entries(byControl).map(([control, requirements]) => ({
    control,
    framework,
    requirements,
    relation: 'subset' as const,
    rationale: 'The control evidences one technical part of a wider requirement.',
  }));
}
