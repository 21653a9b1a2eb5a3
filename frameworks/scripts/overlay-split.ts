import type { NewControl } from './overlay-types.js';

type Split = Omit<NewControl, 'automation' | 'collectors'>;

/**
 * Manual controls split out of the broad reference controls (see overlay-narrowed.ts) so that each one pairs
 * only requirements a published crosswalk, or a written rationale, pairs too. Every one is manual: no collector
 * evidences it.
 */
const SPLITS: readonly Split[] = [
  {
    id: 'GOV-06',
    title: 'Leadership commitment and oversight of information security',
    description:
      'Top management and the board set the tone (integrity, ethical values), set security objectives and oversee the ISMS.',
    frequency: 'annual',
    manualEvidence:
      'Board or management minutes approving the ISMS, its objectives and oversight arrangements',
    splitFrom: ['GOV-02', 'HR-01', 'GOV-03'],
    mappings: {
      'iso27001-2022': ['5.1'],
      'soc2-2017': ['CC1.1', 'CC1.2', 'CC3.1'],
      nis2: ['NIS2-20.1'],
      gdpr: ['GDPR-24.1'],
    },
  },
  {
    id: 'GOV-07',
    title: 'ISMS scope and context',
    description:
      'The organisation context, the ISMS scope and the ISMS processes are determined and documented.',
    frequency: 'annual',
    manualEvidence: 'Context analysis, ISMS scope statement and ISMS process description',
    splitFrom: ['GOV-03'],
    mappings: { 'iso27001-2022': ['4.1', '4.3', '4.4'] },
  },
  {
    id: 'GOV-08',
    title: 'Effectiveness measurement and management review',
    description:
      'Security metrics are defined, measured and evaluated; management reviews the ISMS at planned intervals with risk results and past incidents as inputs.',
    frequency: 'quarterly',
    manualEvidence: 'Metrics report, management review minutes with their inputs and decisions',
    splitFrom: ['GOV-04'],
    mappings: {
      'iso27001-2022': ['9.1', '9.3.1', '9.3.2', '9.3.3'],
      'soc2-2017': ['CC2.1', 'CC4.1', 'CC4.2'],
      nis2: ['NIS2-21.2.f', 'IR-1.1', 'IR-7.1', 'IR-7.2', 'IR-7.3'],
      gdpr: ['GDPR-32.1.d'],
    },
  },
  {
    id: 'GOV-09',
    title: 'Nonconformity, corrective action and continual improvement',
    description: 'Nonconformities and deficiencies are recorded, corrected and followed up to closure.',
    frequency: 'quarterly',
    manualEvidence: 'Corrective-action log with root causes, owners and closure evidence',
    splitFrom: ['GOV-04'],
    mappings: {
      'iso27001-2022': ['10.1', '10.2'],
      'soc2-2017': ['CC4.2'],
      nis2: ['NIS2-21.2.f', 'NIS2-21.4', 'IR-2.3'],
    },
  },
  {
    id: 'AST-04',
    title: 'Acceptable use and handling of assets',
    description:
      'Rules for the acceptable use and handling of information and assets are set and acknowledged.',
    frequency: 'annual',
    manualEvidence: 'Acceptable-use policy and signed acknowledgements',
    splitFrom: ['HR-01', 'AST-02'],
    mappings: { 'iso27001-2022': ['A.5.10', 'A.5.14', 'A.7.10'], nis2: ['NIS2-21.2.i', 'IR-12.2'] },
  },
  {
    id: 'IAM-12',
    title: 'Access-control policy (logical and physical)',
    description:
      'An approved access-control policy sets the rules for logical and physical access, registration and role-based rights.',
    frequency: 'annual',
    manualEvidence: 'Approved access-control policy (rules based on business and security requirements)',
    splitFrom: ['IAM-06', 'DAT-01'],
    mappings: {
      'iso27001-2022': ['A.5.15', 'A.7.2'],
      'soc2-2017': ['CC6.2', 'CC6.3', 'CC6.4'],
      nis2: ['NIS2-21.2.i', 'NIS2-21.2.j', 'IR-11.1'],
    },
  },
  {
    id: 'SDL-02',
    title: 'Security testing, test information and audit testing',
    description:
      'Security testing (code scanning, penetration tests) is planned and done; test information and systems under audit testing are protected.',
    frequency: 'quarterly',
    manualEvidence: 'Security-test plan and reports (code scanning, penetration tests) with remediation',
    splitFrom: ['SDL-01', 'CHG-04', 'GOV-04'],
    mappings: {
      'iso27001-2022': ['A.8.29', 'A.8.33', 'A.8.34'],
      nis2: ['NIS2-21.2.e', 'NIS2-21.2.f', 'IR-6.5'],
    },
  },
  {
    id: 'INC-04',
    title: 'Security event assessment and classification',
    description: 'Security events are assessed and classified to decide whether they are incidents.',
    frequency: 'quarterly',
    manualEvidence: 'Event triage records with classification and the decision taken',
    splitFrom: ['INC-02'],
    mappings: {
      'iso27001-2022': ['A.5.25'],
      'soc2-2017': ['CC7.3', 'CC7.4'],
      nis2: ['NIS2-21.2.b', 'IR-3.4'],
    },
  },
  {
    id: 'INC-05',
    title: 'Incident response and crisis management',
    description:
      'Incidents are contained, eradicated and recovered from under documented procedures; crises are managed.',
    frequency: 'quarterly',
    manualEvidence: 'Incident tickets showing containment and recovery; crisis-management exercise records',
    splitFrom: ['INC-01'],
    mappings: {
      'iso27001-2022': ['A.5.26'],
      'soc2-2017': ['CC7.4'],
      nis2: ['NIS2-21.2.b', 'IR-3.5', 'IR-4.3'],
    },
  },
  {
    id: 'INC-06',
    title: 'Post-incident review and lessons learned',
    description:
      'Incidents are reviewed after closure and the lessons feed controls and the risk assessment.',
    frequency: 'quarterly',
    manualEvidence: 'Post-incident review reports with the actions they triggered',
    splitFrom: ['INC-02'],
    mappings: {
      'iso27001-2022': ['A.5.27'],
      'soc2-2017': ['CC7.4', 'CC7.5'],
      nis2: ['NIS2-21.2.b', 'IR-3.6'],
    },
  },
  {
    id: 'SUP-03',
    title: 'Supplier directory, monitoring and review',
    description:
      'A directory of suppliers and service providers is kept; their security performance and changes are reviewed.',
    frequency: 'annual',
    manualEvidence: 'Supplier directory with criticality and review records',
    splitFrom: ['SUP-01'],
    mappings: { 'iso27001-2022': ['A.5.22'], 'soc2-2017': ['CC9.2'], nis2: ['NIS2-21.2.d', 'IR-5.2'] },
  },
  {
    id: 'HR-03',
    title: 'Terms and conditions of employment',
    description: 'Employment contracts state the security responsibilities of staff and of the organisation.',
    frequency: 'annual',
    manualEvidence: 'Contract template with security clauses and signed contracts for a sample of hires',
    splitFrom: ['HR-01'],
    mappings: { 'iso27001-2022': ['A.6.2'], 'soc2-2017': ['CC2.2'], nis2: ['NIS2-21.2.i', 'IR-10.1'] },
  },
  {
    id: 'HR-04',
    title: 'Disciplinary process',
    description: 'A communicated disciplinary process applies to violations of the security policy.',
    frequency: 'annual',
    manualEvidence: 'Disciplinary procedure and evidence it is communicated',
    splitFrom: ['HR-01'],
    mappings: { 'iso27001-2022': ['A.6.4'], 'soc2-2017': ['CC1.5'], nis2: ['NIS2-21.2.i', 'IR-10.4'] },
  },
  {
    id: 'HR-05',
    title: 'Responsibilities after termination or change of employment; return of assets',
    description:
      'Leavers and movers are told which duties survive, and return or have deleted the assets and data they held.',
    frequency: 'quarterly',
    manualEvidence:
      'Leaver checklists with asset return and signed post-employment duties for a sample of leavers',
    splitFrom: ['HR-01', 'IAM-08'],
    mappings: {
      'iso27001-2022': ['A.5.11', 'A.6.5'],
      'soc2-2017': ['CC1.3'],
      nis2: ['NIS2-21.2.i', 'IR-10.3', 'IR-12.5'],
    },
  },
  {
    id: 'HR-06',
    title: 'Confidentiality and non-disclosure agreements',
    description:
      'Staff and parties with access to confidential or personal data sign confidentiality agreements.',
    frequency: 'annual',
    manualEvidence: 'Signed NDAs or confidentiality clauses for staff and contractors with access',
    splitFrom: ['HR-01'],
    mappings: {
      'iso27001-2022': ['A.6.6'],
      'soc2-2017': ['CC9.2', 'C1.1'],
      nis2: ['NIS2-21.2.i'],
      gdpr: ['GDPR-28.3.b', 'GDPR-29', 'GDPR-32.4'],
    },
  },
  {
    id: 'HR-07',
    title: 'Competence and security training',
    description:
      'Security roles have the competence they need; staff and management-body members are trained.',
    frequency: 'annual',
    manualEvidence: 'Competence records and training completion for staff and management-body members',
    splitFrom: ['HR-02'],
    mappings: {
      'iso27001-2022': ['7.2', 'A.6.3'],
      'soc2-2017': ['CC1.4', 'CC2.2'],
      nis2: ['NIS2-20.2', 'NIS2-21.2.g', 'IR-8.2', 'IR-10.1'],
    },
  },
  {
    id: 'PHY-03',
    title: 'Protection against physical and environmental threats',
    description: 'Offices and equipment are protected against fire, flood and other environmental threats.',
    frequency: 'annual',
    manualEvidence:
      'Facility risk assessment and environmental protection records (inherited from the cloud provider for data centres)',
    splitFrom: ['PHY-01'],
    mappings: {
      'iso27001-2022': ['A.7.3', 'A.7.5'],
      'soc2-2017': ['A1.2'],
      nis2: ['NIS2-21.2.c', 'NIS2-21.2.e', 'NIS2-21.2.i', 'IR-13.2'],
    },
  },
  {
    id: 'PHY-04',
    title: 'Supporting utilities, cabling, equipment siting and maintenance',
    description: 'Power, cabling and equipment are sited, protected and maintained.',
    frequency: 'annual',
    manualEvidence: 'Utility and maintenance records (inherited from the cloud provider for data centres)',
    splitFrom: ['PHY-01'],
    mappings: {
      'iso27001-2022': ['A.7.8', 'A.7.11', 'A.7.12'],
      'soc2-2017': ['A1.2'],
      nis2: ['NIS2-21.2.c', 'NIS2-21.2.e', 'NIS2-21.2.i', 'IR-13.1'],
    },
  },
  {
    id: 'PHY-05',
    title: 'Equipment maintenance',
    description:
      'Equipment is maintained correctly so that it stays available and intact; repairs are controlled.',
    frequency: 'annual',
    manualEvidence:
      'Maintenance records for office equipment (inherited from the cloud provider for data centres)',
    splitFrom: ['PHY-01'],
    mappings: {
      'iso27001-2022': ['A.7.13'],
      'soc2-2017': ['A1.2'],
      nis2: ['NIS2-21.2.e', 'IR-6.4'],
    },
  },
  {
    id: 'IAM-13',
    title: 'Segregation of duties',
    description:
      'Conflicting duties and areas of responsibility are identified and separated, or compensated.',
    frequency: 'annual',
    manualEvidence: 'Segregation-of-duties matrix for conflicting organisational roles',
    splitFrom: ['IAM-06', 'CHG-01'],
    mappings: { 'iso27001-2022': ['A.5.3'], nis2: ['NIS2-21.2.i', 'IR-1.2', 'IR-11.2'] },
  },
  {
    id: 'MON-04',
    title: 'Protection against malware',
    description:
      'Endpoints and servers run anti-malware (EDR) and users are made aware of malware; no endpoint collector exists yet.',
    frequency: 'monthly',
    manualEvidence: 'Endpoint anti-malware (EDR) coverage report and malware-awareness records',
    splitFrom: ['MON-02', 'AST-03'],
    mappings: {
      'iso27001-2022': ['A.8.7'],
      'soc2-2017': ['CC6.8'],
      nis2: ['NIS2-21.2.e', 'NIS2-21.2.g', 'IR-6.9', 'IR-8.1'],
    },
  },
];

export const SPLIT_CONTROLS: readonly NewControl[] = SPLITS.map((s) => ({
  ...s,
  automation: 'manual',
  collectors: [],
}));
